//===--- ColorOutput.cpp - clang-style colours for the text report --------===//
//
// The text report is written by one function for every destination; colour
// is a property of the terminal, not of the report, so it is added here, on
// the way out, line by line: a line "<file>:<line>:<col>: <severity>: ..." is
// a diagnostic, a line "  | ^" under a snippet is a caret. The escape
// sequences are written directly (they are what clang writes on a tty), so
// colour forced with --use-color also reaches a file or a pipe.
//
//===----------------------------------------------------------------------===//
#include "ColorOutput.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Process.h"
#include <cstdlib>

namespace stallscan {

namespace {
constexpr const char *Reset = "\x1b[0m";
constexpr const char *Bold = "\x1b[1m";
constexpr const char *Magenta = "\x1b[1;35m";
constexpr const char *Red = "\x1b[1;31m";
constexpr const char *Green = "\x1b[1;32m";

/// "src/a.cpp:12:5" (a location ends in two numbers).
bool isLocation(llvm::StringRef S) {
  auto [Rest, Col] = S.rsplit(':');
  auto [File, Line] = Rest.rsplit(':');
  return !File.empty() && !Line.empty() && !Col.empty() &&
         llvm::all_of(Line, llvm::isDigit) && llvm::all_of(Col, llvm::isDigit);
}
} // namespace

ColorOutput::ColorOutput(llvm::raw_ostream &Out)
    : raw_ostream(/*unbuffered=*/true), Out(Out) {}

ColorOutput::~ColorOutput() {
  if (!Pending.empty())
    emitLine(Pending);
  Out.flush();
}

void ColorOutput::write_impl(const char *Ptr, size_t Size) {
  Pos += Size;
  Pending.append(Ptr, Size);
  size_t Start = 0;
  for (size_t NL; (NL = Pending.find('\n', Start)) != std::string::npos;
       Start = NL + 1) {
    emitLine(llvm::StringRef(Pending).slice(Start, NL));
    Out << '\n';
  }
  Pending.erase(0, Start);
}

void ColorOutput::emitLine(llvm::StringRef Line) {
  for (auto [Label, Color] :
       {std::pair{": warning: ", Magenta}, std::pair{": error: ", Red},
        std::pair{": note: ", Green}}) {
    size_t At = Line.find(Label);
    if (At == llvm::StringRef::npos || !isLocation(Line.take_front(At)))
      continue;
    llvm::StringRef Word = llvm::StringRef(Label).drop_front(2).drop_back(1);
    Out << Bold << Line.take_front(At) << ":" << Reset << " " << Color << Word
        << Reset << " " << Bold << Line.drop_front(At + strlen(Label)) << Reset;
    return;
  }
  // "  8 | " then blanks and the caret.
  size_t Bar = Line.find("| ");
  if (Bar != llvm::StringRef::npos &&
      Line.take_front(Bar).trim().find_first_not_of("0123456789") ==
          llvm::StringRef::npos) {
    llvm::StringRef Mark = Line.drop_front(Bar + 2);
    size_t Caret = Mark.find_first_not_of(" \t");
    if (Caret != llvm::StringRef::npos && Mark[Caret] == '^' &&
        Mark.drop_front(Caret).find_first_not_of("^~") ==
            llvm::StringRef::npos) {
      Out << Line.take_front(Bar + 2 + Caret) << Green << Mark.drop_front(Caret)
          << Reset;
      return;
    }
  }
  Out << Line;
}

bool useColor(int Forced, bool ToStdout) {
  if (Forced >= 0)
    return Forced == 1;
  if (const char *No = std::getenv("NO_COLOR"); No && *No)
    return false;
  return ToStdout && llvm::sys::Process::FileDescriptorHasColors(1);
}

} // namespace stallscan
