#pragma once

#include "HttpResponse.h"

namespace camhub {

class HttpServer;
class StreamManager;
struct HttpRequest;

// /api/streams/*: start-or-reuse, stop, status, list, cleanup.
class StreamsController final
{
public:
    explicit StreamsController(StreamManager &manager) : m_manager(manager) {}
    void registerRoutes(HttpServer &server);

private:
    HttpResponse start(const HttpRequest &request);
    HttpResponse stop(const HttpRequest &request);
    HttpResponse status(const HttpRequest &request);
    HttpResponse all(const HttpRequest &request);
    HttpResponse cleanup(const HttpRequest &request);

    StreamManager &m_manager;
};

} // namespace camhub
