// httplib_server: GET/PUT documents kept as files, a mirror route that asks
// an upstream server. cpp-httplib serves each connection on a thread of its
// pool with blocking I/O: a synchronous design, where a handler that waits
// holds only its own thread, unless it waits holding a lock the others need.
#include <cstdio>

#include "api.hpp"

int main(int argc, char **argv) {
    docs::Api api(argc > 1 ? argv[1] : "/srv/httplib_server", argc > 2 ? argv[2] : "http://127.0.0.1:8081");
    httplib::Server server;

    server.Get(R"(/docs/([\w.-]+))", [&](const httplib::Request &req, httplib::Response &res) {
        api.limiter().wait(req.remote_addr);
        api.getDoc(req, res);
    });
    server.Get(R"(/fast/docs/([\w.-]+))", [&](const httplib::Request &req, httplib::Response &res) {
        api.limiter().waitFixed(req.remote_addr);
        api.getDoc(req, res);
    });
    server.Put(R"(/docs/([\w.-]+))", [&](const httplib::Request &req, httplib::Response &res) {
        api.putDoc(req, res);
    });
    server.Put(R"(/fast/docs/([\w.-]+))", [&](const httplib::Request &req, httplib::Response &res) {
        api.putDocFixed(req, res);
    });
    server.Get(R"(/mirror/([\w.-]+))", [&](const httplib::Request &req, httplib::Response &res) {
        api.mirror(req, res);
    });
    server.set_logger([](const httplib::Request &req, const httplib::Response &res) {
        std::fprintf(stderr, "%s %s %d\n", req.method.c_str(), req.path.c_str(), res.status); // OK: console output to stderr
    });

    server.listen("0.0.0.0", 8080);
    return 0;
}
