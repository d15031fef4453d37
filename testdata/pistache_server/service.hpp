// pistache_server: a user directory over REST on Pistache.
#pragma once

#include <pistache/endpoint.h>
#include <pistache/router.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace users {

// A thread of our own that serves the avatar reads handed to it, so that
// Pistache's reactor threads never wait for the disk.
class FileWorker {
public:
    struct Job {
        std::string path;
        Pistache::Http::ResponseWriter response;
    };
    void start();
    void post(Job job);

private:
    void run();
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Job> jobs_;
    std::thread thread_;
};

class Service {
public:
    Service(const std::string &dbPath, std::string avatarDir);
    void setupRoutes(Pistache::Rest::Router &router);

private:
    void getUser(const Pistache::Rest::Request &req, Pistache::Http::ResponseWriter response);
    void getAvatar(const Pistache::Rest::Request &req, Pistache::Http::ResponseWriter response);
    void getAvatarFixed(const Pistache::Rest::Request &req, Pistache::Http::ResponseWriter response);
    void health(const Pistache::Rest::Request &req, Pistache::Http::ResponseWriter response);

    sqlite3 *db_ = nullptr;
    std::string avatarDir_;
    FileWorker worker_;
};

} // namespace users
