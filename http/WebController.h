#pragma once

#include "HttpResponse.h"

namespace camhub {

class HttpServer;
struct HttpRequest;

// The viewer page and its assets, compiled into the binary (Qt resources under
// :/web): GET / and GET /assets/<name>. Nothing from the file system.
class WebController final
{
public:
    void registerRoutes(HttpServer &server);

private:
    HttpResponse page(const HttpRequest &request);
    HttpResponse asset(const HttpRequest &request);
    static HttpResponse serve(const QString &name);
};

} // namespace camhub
