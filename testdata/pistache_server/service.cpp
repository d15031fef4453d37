#include "service.hpp"

#include <sqlite3.h>

#include <fstream>
#include <sstream>

namespace users {

using namespace Pistache;

void FileWorker::start() { thread_ = std::thread(&FileWorker::run, this); }

void FileWorker::post(Job job) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
}

void FileWorker::run() {
    for (;;) {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return !jobs_.empty(); });
        Job job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        std::ifstream in(job.path, std::ios::binary); // OK: the worker's own thread
        if (!in) {
            job.response.send(Http::Code::Not_Found);
            continue;
        }
        std::ostringstream body;
        body << in.rdbuf(); // OK: same
        job.response.send(Http::Code::Ok, body.str(), MIME(Image, Png));
    }
}

Service::Service(const std::string &dbPath, std::string avatarDir) : avatarDir_(std::move(avatarDir)) {
    sqlite3_open(dbPath.c_str(), &db_); // OK: start-up, before the endpoint serves
    worker_.start();
}

void Service::setupRoutes(Rest::Router &router) {
    Rest::Routes::Get(router, "/users/:id", Rest::Routes::bind(&Service::getUser, this));
    Rest::Routes::Get(router, "/users/:id/avatar", Rest::Routes::bind(&Service::getAvatar, this));
    Rest::Routes::Get(router, "/v2/users/:id/avatar", Rest::Routes::bind(&Service::getAvatarFixed, this));
    Rest::Routes::Get(router, "/health", Rest::Routes::bind(&Service::health, this));
}

static int collectRow(void *out, int columns, char **values, char **names) {
    auto *json = static_cast<std::string *>(out);
    for (int i = 0; i < columns; ++i)
        *json += std::string(names[i]) + "=" + (values[i] ? values[i] : "") + "\n";
    return 0;
}

void Service::getUser(const Rest::Request &req, Http::ResponseWriter response) {
    auto id = req.param(":id").as<int>();
    std::string body;
    std::string sql = "SELECT name, email FROM users WHERE id = " + std::to_string(id);
    if (sqlite3_exec(db_, sql.c_str(), collectRow, &body, nullptr) != SQLITE_OK) { // BLOCKING: db
        response.send(Http::Code::Internal_Server_Error);
        return;
    }
    response.send(body.empty() ? Http::Code::Not_Found : Http::Code::Ok, body);
}

void Service::getAvatar(const Rest::Request &req, Http::ResponseWriter response) {
    std::string path = avatarDir_ + "/" + std::to_string(req.param(":id").as<int>()) + ".png";
    std::ifstream in(path, std::ios::binary); // BLOCKING: file
    if (!in) {
        response.send(Http::Code::Not_Found);
        return;
    }
    std::ostringstream body;
    body << in.rdbuf(); // BLOCKING: file
    response.send(Http::Code::Ok, body.str(), MIME(Image, Png));
}

// The fixed twin: the worker thread reads the file and answers.
void Service::getAvatarFixed(const Rest::Request &req, Http::ResponseWriter response) {
    std::string path = avatarDir_ + "/" + std::to_string(req.param(":id").as<int>()) + ".png";
    worker_.post(FileWorker::Job{std::move(path), std::move(response)});
}

void Service::health(const Rest::Request &, Http::ResponseWriter response) {
    response.send(Http::Code::Ok, "ok");
}

} // namespace users
