// A minimal uWebSockets App / SSLApp of stallscan's own, written from
// uWebSockets' public API (names and signatures only) for the tests in
// test/frameworks/: HTTP routes, WebSocket behaviours, listen and run.
#pragma once
#include <uWebSockets/Loop.h>
#include <string>
#include <string_view>

struct us_listen_socket_t;
struct us_socket_context_t;
struct us_timer_t;
struct us_loop_t;
extern "C" {
us_timer_t *us_create_timer(us_loop_t *loop, int fallthrough, unsigned int ext_size);
void us_timer_set(us_timer_t *timer, void (*cb)(us_timer_t *t), int ms, int repeat_ms);
void us_listen_socket_close(int ssl, us_listen_socket_t *ls);
}

namespace uWS {
enum OpCode : unsigned char { CONTINUATION = 0, TEXT = 1, BINARY = 2, CLOSE = 8, PING = 9, PONG = 10 };
enum CompressOptions : int { DISABLED = 0, SHARED_COMPRESSOR = 1 };

struct SocketContextOptions {
  const char *key_file_name = nullptr;
  const char *cert_file_name = nullptr;
  const char *passphrase = nullptr;
};

struct HttpRequest {
  std::string_view getUrl();
  std::string_view getMethod();
  std::string_view getHeader(std::string_view lowerCasedHeader);
  std::string_view getParameter(unsigned short index);
  std::string_view getQuery(std::string_view key);
};

template <bool SSL> struct HttpResponse {
  HttpResponse *writeStatus(std::string_view status);
  HttpResponse *writeHeader(std::string_view key, std::string_view value);
  bool write(std::string_view data);
  HttpResponse *end(std::string_view data = {}, bool closeConnection = false);
  HttpResponse *onAborted(MoveOnlyFunction<void()> &&handler);
  HttpResponse *onWritable(MoveOnlyFunction<bool(unsigned long long)> &&handler);
  void onData(MoveOnlyFunction<void(std::string_view, bool)> &&handler);
  HttpResponse *cork(MoveOnlyFunction<void()> &&handler);
  void close();
};

template <bool SSL, bool isServer, typename UserData> struct WebSocket {
  UserData *getUserData();
  int send(std::string_view message, OpCode opCode = OpCode::BINARY, bool compress = false);
  bool subscribe(std::string_view topic, bool nonStrict = false);
  bool publish(std::string_view topic, std::string_view message, OpCode opCode = OpCode::TEXT);
  void end(int code = 0, std::string_view message = {});
};

template <bool SSL> struct TemplatedApp {
  using Handler = MoveOnlyFunction<void(HttpResponse<SSL> *, HttpRequest *)>;

  template <typename UserData> struct WebSocketBehavior {
    CompressOptions compression = DISABLED;
    unsigned int maxPayloadLength = 16 * 1024;
    unsigned short idleTimeout = 120;
    MoveOnlyFunction<void(HttpResponse<SSL> *, HttpRequest *, us_socket_context_t *)> upgrade = nullptr;
    MoveOnlyFunction<void(WebSocket<SSL, true, UserData> *)> open = nullptr;
    MoveOnlyFunction<void(WebSocket<SSL, true, UserData> *, std::string_view, OpCode)> message = nullptr;
    MoveOnlyFunction<void(WebSocket<SSL, true, UserData> *, std::string_view, OpCode)> dropped = nullptr;
    MoveOnlyFunction<void(WebSocket<SSL, true, UserData> *)> drain = nullptr;
    MoveOnlyFunction<void(WebSocket<SSL, true, UserData> *, std::string_view)> ping = nullptr;
    MoveOnlyFunction<void(WebSocket<SSL, true, UserData> *, std::string_view)> pong = nullptr;
    MoveOnlyFunction<void(WebSocket<SSL, true, UserData> *, std::string_view, int, int)> subscription = nullptr;
    MoveOnlyFunction<void(WebSocket<SSL, true, UserData> *, int, std::string_view)> close = nullptr;
  };

  TemplatedApp(SocketContextOptions options = {});
  TemplatedApp(TemplatedApp &&other);

  TemplatedApp &&get(std::string pattern, Handler &&handler);
  TemplatedApp &&post(std::string pattern, Handler &&handler);
  TemplatedApp &&options(std::string pattern, Handler &&handler);
  TemplatedApp &&del(std::string pattern, Handler &&handler);
  TemplatedApp &&patch(std::string pattern, Handler &&handler);
  TemplatedApp &&put(std::string pattern, Handler &&handler);
  TemplatedApp &&head(std::string pattern, Handler &&handler);
  TemplatedApp &&connect(std::string pattern, Handler &&handler);
  TemplatedApp &&trace(std::string pattern, Handler &&handler);
  TemplatedApp &&any(std::string pattern, Handler &&handler);
  template <typename UserData>
  TemplatedApp &&ws(std::string pattern, WebSocketBehavior<UserData> &&behavior);
  TemplatedApp &&filter(MoveOnlyFunction<void(HttpResponse<SSL> *, int)> &&filterHandler);
  TemplatedApp &&listen(int port, MoveOnlyFunction<void(us_listen_socket_t *)> &&handler);
  TemplatedApp &&listen(std::string host, int port,
                        MoveOnlyFunction<void(us_listen_socket_t *)> &&handler);
  TemplatedApp &&run();
  bool publish(std::string_view topic, std::string_view message, OpCode opCode,
               bool compress = false);
};

typedef TemplatedApp<false> App;
typedef TemplatedApp<true> SSLApp;
} // namespace uWS
