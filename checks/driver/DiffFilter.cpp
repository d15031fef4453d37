//===--- DiffFilter.cpp - Changed-lines mode for pull requests ------------===//
//
// A pull request should hear about what it changed: a finding is kept when
// its call, or any frame of its path (the handler registration, a call on the
// way), is on a line the diff adds or modifies. Only the new side's hunk
// headers are needed, so `git diff -U0` is enough.
//
//===----------------------------------------------------------------------===//
#include "driver/DiffFilter.h"
#include "driver/Config.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

namespace stallscan {

ChangedLines parseUnifiedDiff(const std::string &Diff, const std::string &Root) {
  ChangedLines Out;
  std::string File;
  llvm::StringRef Text(Diff);
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    if (Line.consume_front("+++ ")) {
      Line = Line.rtrim("\r");
      if (Line == "/dev/null") {
        File.clear();
        continue;
      }
      Line.consume_front("b/");
      llvm::SmallString<256> P(Root);
      llvm::sys::path::append(P, Line);
      llvm::sys::path::remove_dots(P, true);
      File = std::string(P);
      continue;
    }
    if (File.empty() || !Line.starts_with("@@"))
      continue;
    // @@ -a[,b] +c[,d] @@
    size_t Plus = Line.find(" +");
    if (Plus == llvm::StringRef::npos)
      continue;
    llvm::StringRef Range = Line.substr(Plus + 2).take_until(
        [](char C) { return C == ' '; });
    auto [StartText, CountText] = Range.split(',');
    unsigned Start = 0, Count = 1;
    if (StartText.getAsInteger(10, Start))
      continue;
    if (!CountText.empty() && CountText.getAsInteger(10, Count))
      continue;
    if (Count > 0)
      Out[File].push_back({Start, Start + Count - 1});
  }
  return Out;
}

ChangedLines changedLinesSince(const std::string &Base, const std::string &Root) {
  std::string Diff;
  if (Base == "-") {
    auto Buf = llvm::MemoryBuffer::getSTDIN();
    if (!Buf)
      throw ConfigError("cannot read a diff from standard input");
    Diff = (*Buf)->getBuffer().str();
  } else {
    auto Git = llvm::sys::findProgramByName("git");
    if (!Git)
      throw ConfigError("--diff-base needs git on the PATH");
    llvm::SmallString<128> Out, Err;
    llvm::sys::fs::createTemporaryFile("stallscan-diff", "txt", Out);
    llvm::sys::fs::createTemporaryFile("stallscan-diff", "err", Err);
    std::optional<llvm::StringRef> Redirects[] = {std::nullopt, Out.str(),
                                                  Err.str()};
    llvm::SmallVector<llvm::StringRef, 8> Args = {
        *Git, "-C", Root, "diff", "-U0", "--no-color", "--relative", Base, "--"};
    int Rc = llvm::sys::ExecuteAndWait(*Git, Args, std::nullopt, Redirects);
    auto OutBuf = llvm::MemoryBuffer::getFile(Out);
    auto ErrBuf = llvm::MemoryBuffer::getFile(Err);
    llvm::sys::fs::remove(Out);
    llvm::sys::fs::remove(Err);
    if (Rc != 0) {
      std::string Why = ErrBuf ? (*ErrBuf)->getBuffer().trim().str() : "";
      throw ConfigError("git diff against '" + Base + "' failed" +
                        (Why.empty() ? "" : ": " + Why));
    }
    Diff = OutBuf ? (*OutBuf)->getBuffer().str() : "";
  }
  return parseUnifiedDiff(Diff, Root);
}

bool touchesChangedLines(const Finding &F, const ChangedLines &Changed) {
  auto On = [&](const Loc &L) {
    auto It = Changed.find(L.File);
    if (It == Changed.end())
      return false;
    for (const auto &[A, B] : It->second)
      if (L.Line >= A && L.Line <= B)
        return true;
    return false;
  };
  if (On(F.Where))
    return true;
  for (const Note &N : F.Trace)
    if (On(N.Where))
      return true;
  return false;
}

} // namespace stallscan
