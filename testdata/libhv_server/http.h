// The HTTP side of the libhv sample: an hv::HttpService with its routes.
#pragma once
#include <hv/HttpServer.h>

// Registers the routes: a report read on the IO loop, an export written on
// hv::async's pool.
void http_routes(hv::HttpService &router);
