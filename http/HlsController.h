#pragma once

#include "HttpResponse.h"

namespace camhub {

class HttpServer;
class StreamManager;
struct HttpRequest;

// GET /static/streams/<stream id>/<file>: playlists and segments, from memory. A path
// can only name a live stream's own playlist or segments; there is no file system
// behind it to escape into.
class HlsController final
{
public:
    explicit HlsController(StreamManager &manager) : m_manager(manager) {}
    void registerRoutes(HttpServer &server);

private:
    HttpResponse file(const HttpRequest &request);

    StreamManager &m_manager;
};

} // namespace camhub
