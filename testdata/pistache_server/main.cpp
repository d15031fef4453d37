// pistache_server: REST routes on Pistache's reactor threads (an epoll loop
// per thread): a handler that waits stalls every connection of its thread.
#include "service.hpp"

int main(int argc, char **argv) {
    users::Service service(argc > 1 ? argv[1] : "/var/lib/pistache_server/users.db",
                           argc > 2 ? argv[2] : "/var/lib/pistache_server/avatars");
    Pistache::Address addr(Pistache::Ipv4::any(), Pistache::Port(9080));
    auto options = Pistache::Http::Endpoint::options().threads(2);
    Pistache::Http::Endpoint endpoint(addr);
    endpoint.init(options);

    Pistache::Rest::Router router;
    service.setupRoutes(router);
    endpoint.setHandler(router.handler());
    endpoint.serve();
    return 0;
}
