//===--- ColorOutput.h - clang-style colours in text reports --*- C++ -*-===//
#ifndef STALLSCAN_TOOL_COLOROUTPUT_H
#define STALLSCAN_TOOL_COLOROUTPUT_H

#include "llvm/Support/raw_ostream.h"
#include <string>

namespace stallscan {

/// Colours the text report written through it as clang does: the location
/// and message bold, "warning:" magenta, "error:" red, "note:" and the caret
/// green. Everything else passes through unchanged.
class ColorOutput : public llvm::raw_ostream {
public:
  explicit ColorOutput(llvm::raw_ostream &Out);
  ~ColorOutput() override;

private:
  void write_impl(const char *Ptr, size_t Size) override;
  uint64_t current_pos() const override { return Pos; }
  void emitLine(llvm::StringRef Line);

  llvm::raw_ostream &Out;
  std::string Pending; ///< the unfinished last line
  uint64_t Pos = 0;
};

/// Whether to colour: --use-color (\p Forced true/false) wins; else only a
/// colour terminal on standard output, and not when NO_COLOR is set.
bool useColor(int Forced /* -1 unset, 0 false, 1 true */, bool ToStdout);

} // namespace stallscan

#endif
