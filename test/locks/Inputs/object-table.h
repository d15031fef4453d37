// Shared by object-table.cpp and object-server.cpp (hot-path-object-cross-tu.test).
#include <map>
#include <mutex>

class SessionTable {
public:
  void touch(int Fd);
  void touchAll(int Fd);

private:
  std::mutex mu_;
  std::map<int, int> Last;
};

class LocalTable {
public:
  void touch(int Fd);

private:
  std::mutex mu_;
  std::map<int, int> Last;
};
