// A source whose comments would end or re-enter the dashboard's script
// element if embedded as they are: <!-- <script> opens a double-escaped
// script state in which the real </script> no longer closes the element.
#include <mock_asio.hpp>
#include <unistd.h>
void first() { sleep(1); } // <!-- <script>
void second() { usleep(2); } // </script><script>console.log("injected 1")</script>
void third() { usleep(3); } // <script>alert(1)</script> ]]> <!--
void fourth() { usleep(4); } // </SCRIPT ><img src=x onerror=console.log("injected 2")> &lt; &amp;
int main() {
  boost::asio::io_context Io;
  boost::asio::post(Io, [] { first(); second(); third(); fourth(); });
  Io.run();
}
