//===--- DocLinks.cpp - Our doc links in clangd's diagnostics -------------===//
//
// clangd links every clang-tidy diagnostic to
// https://clang.llvm.org/extra/clang-tidy/checks/<module>/<check>.html
// (getDiagnosticDocURI in clangd's Diagnostics.cpp, a function local to that
// file, with no option): for our checks that page does not exist. Debian
// ships clangd as a static library without its headers, so the link cannot
// be changed where it is made; it is changed on the way out instead. Standard
// output becomes a pipe, and a thread copies clangd's messages from it to
// the real standard output, rewriting the codeDescription of stallscan
// diagnostics (publishDiagnostics, and code actions that carry diagnostics):
// our docs when --stallscan-help-uri-base is given, else no link rather than
// a wrong one. Messages without a stallscan diagnostic pass byte for byte;
// output that is not LSP framing (--help, --check) passes unchanged.
//
//===----------------------------------------------------------------------===//
#include "DocLinks.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace stallscan {

namespace {

constexpr llvm::StringLiteral Prefix = "stallscan-";

bool fixValue(llvm::json::Value &V, llvm::StringRef Base) {
  bool Changed = false;
  if (llvm::json::Array *A = V.getAsArray()) {
    for (llvm::json::Value &E : *A)
      Changed |= fixValue(E, Base);
    return Changed;
  }
  llvm::json::Object *O = V.getAsObject();
  if (!O)
    return false;
  for (auto &KV : *O)
    Changed |= fixValue(KV.second, Base);
  std::optional<llvm::StringRef> Code = O->getString("code");
  if (!Code || !Code->starts_with(Prefix) || !O->get("codeDescription"))
    return Changed;
  if (Base.empty())
    O->erase("codeDescription");
  else
    (*O)["codeDescription"] = llvm::json::Object{
        {"href",
         (Base + "checks/" + Code->drop_front(Prefix.size()) + ".md").str()}};
  return true;
}

bool writeAll(int FD, llvm::StringRef S) {
  while (!S.empty()) {
    ssize_t N = ::write(FD, S.data(), S.size());
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    S = S.drop_front(N);
  }
  return true;
}

struct FilterState {
  std::string Base;
  int RealStdout = -1, ReadEnd = -1;
  std::thread *Copier = nullptr; // never destroyed: safe at exit
  std::once_flag Finished;
};
FilterState State;

/// Copies LSP frames from the pipe to standard output, rewriting bodies.
void copyLoop() {
  std::string Buf;
  bool Raw = false; // not LSP framing: copy bytes as they come
  char Chunk[65536];
  for (;;) {
    ssize_t N = ::read(State.ReadEnd, Chunk, sizeof Chunk);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      break;
    Buf.append(Chunk, N);
    while (!Buf.empty()) {
      if (Raw) {
        writeAll(State.RealStdout, Buf);
        Buf.clear();
        break;
      }
      size_t End = Buf.find("\r\n\r\n");
      if (End == std::string::npos) {
        if (!llvm::StringRef(Buf).starts_with_insensitive(
                llvm::StringRef("Content-Length:").take_front(Buf.size())))
          Raw = true;
        if (!Raw)
          break; // wait for the rest of the header
        continue;
      }
      llvm::StringRef Header = llvm::StringRef(Buf).take_front(End);
      size_t Length = 0;
      bool Found = false;
      for (llvm::StringRef Rest = Header; !Rest.empty();) {
        auto [Line, Next] = Rest.split("\r\n");
        Rest = Next;
        if (Line.consume_front_insensitive("Content-Length:"))
          Found = !Line.trim().getAsInteger(10, Length);
      }
      if (!Found) {
        Raw = true;
        continue;
      }
      size_t Total = End + 4 + Length;
      if (Buf.size() < Total)
        break; // wait for the body
      llvm::StringRef Body = llvm::StringRef(Buf).slice(End + 4, Total);
      std::optional<std::string> New;
      if (Body.contains("\"stallscan-"))
        New = rewriteDocLinks(Body, State.Base);
      if (New)
        writeAll(State.RealStdout,
                 "Content-Length: " + std::to_string(New->size()) + "\r\n\r\n" +
                     *New);
      else
        writeAll(State.RealStdout, llvm::StringRef(Buf).take_front(Total));
      Buf.erase(0, Total);
    }
  }
  if (!Buf.empty())
    writeAll(State.RealStdout, Buf);
}

void finishAtExit() { DocLinkFilter().finish(); }

} // namespace

std::optional<std::string> rewriteDocLinks(llvm::StringRef Body,
                                           llvm::StringRef HelpUriBase) {
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Body);
  if (!V) {
    llvm::consumeError(V.takeError());
    return std::nullopt;
  }
  if (!fixValue(*V, HelpUriBase))
    return std::nullopt;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << *V;
  return OS.str();
}

bool DocLinkFilter::start(std::string HelpUriBase) {
  if (!HelpUriBase.empty() && !llvm::StringRef(HelpUriBase).ends_with("/"))
    HelpUriBase += "/";
  int Pipe[2];
  if (::pipe(Pipe) != 0)
    return false;
  State.RealStdout = ::dup(STDOUT_FILENO);
  if (State.RealStdout < 0 || ::dup2(Pipe[1], STDOUT_FILENO) < 0) {
    ::close(Pipe[0]);
    ::close(Pipe[1]);
    return false;
  }
  ::close(Pipe[1]);
  State.ReadEnd = Pipe[0];
  State.Base = std::move(HelpUriBase);
  State.Copier = new std::thread(copyLoop);
  std::atexit(finishAtExit); // clangd may exit() rather than return
  return true;
}

void DocLinkFilter::finish() {
  if (!State.Copier)
    return;
  std::call_once(State.Finished, [] {
    // Standard output back to the real one closes the pipe's last write
    // end: the copier sees end of file after the last message.
    ::dup2(State.RealStdout, STDOUT_FILENO);
    State.Copier->join();
  });
}

} // namespace stallscan
