#include "api.hpp"

#include <fstream>
#include <sstream>
#include <thread>

namespace docs {

void RateLimiter::wait(const std::string &client) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    auto &next = next_[client];
    if (next > now)
        std::this_thread::sleep_for(next - now); // LOCK-BLOCKING: sleep
    next = std::max(now, next) + interval_;
}

// The fixed twin: books the slot under the lock, sleeps after releasing it.
void RateLimiter::waitFixed(const std::string &client) {
    std::chrono::steady_clock::duration delay{};
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto now = std::chrono::steady_clock::now();
        auto &next = next_[client];
        if (next > now)
            delay = next - now;
        next = std::max(now, next) + interval_;
    }
    std::this_thread::sleep_for(delay); // OK: no lock held
}

Api::Api(std::string root, std::string upstream)
    : root_(std::move(root)), upstream_(std::move(upstream)), journalPath_(root_ + "/.journal") {}

std::string Api::path(const std::string &name) const { return root_ + "/" + name; }

void Api::getDoc(const httplib::Request &req, httplib::Response &res) {
    std::ifstream in(path(req.matches[1]), std::ios::binary); // OK: a pool thread of its own, no lock
    if (!in) {
        res.status = 404;
        return;
    }
    std::ostringstream body;
    body << in.rdbuf(); // OK: same
    res.set_content(body.str(), "application/octet-stream");
}

// Writes the document, then records it in the journal with the journal's
// mutex held across the file writes: every PUT queues behind the disk.
void Api::putDoc(const httplib::Request &req, httplib::Response &res) {
    std::ofstream(path(req.matches[1]), std::ios::binary) << req.body; // OK: no lock held
    std::lock_guard<std::mutex> lock(journalMutex_); // HOT-PATH: every PUT queues here, the journal writes below run under it
    std::ofstream journal(journalPath_, std::ios::app); // LOCK-BLOCKING: file
    journal << ++sequence_ << ' ' << req.matches[1] << '\n';
    journal.flush(); // LOCK-BLOCKING: file
    res.status = 204;
}

// The fixed twin: takes a sequence number under the lock, writes after.
void Api::putDocFixed(const httplib::Request &req, httplib::Response &res) {
    std::ofstream(path(req.matches[1]), std::ios::binary) << req.body; // OK: no lock held
    unsigned long seq;
    {
        std::lock_guard<std::mutex> lock(journalMutex_); // OK: only a counter under it
        seq = ++sequence_;
    }
    std::ofstream journal(journalPath_ + "." + std::to_string(seq)); // OK: no lock held
    journal << seq << ' ' << req.matches[1] << '\n';
    res.status = 204;
}

// A synchronous client call: fine on a pool thread, which is what it is for.
void Api::mirror(const httplib::Request &req, httplib::Response &res) {
    httplib::Client upstream(upstream_);
    auto reply = upstream.Get("/docs/" + req.matches[1].str()); // OK: a pool thread, no lock
    if (!reply) {
        res.status = 502;
        return;
    }
    res.status = reply->status;
    res.set_content(reply->body, "application/octet-stream");
}

} // namespace docs
