//===--- IncrementalLink.h - Link one more unit into a linked program -*- C++ -*-===//
//
// A front end that analyses one TU at a time against an index (clangd on
// every edit, the compiler plugin, the clang-tidy module) linked the whole
// program again for each analysis: the index's units do not change between
// two edits of a file, only the fresh TU does. LinkedBase links the index's
// units once, keeps with the program what the fresh unit can change (the
// calls that found no callee, the keys other units' facts are decided on),
// and gives the program that link() of the fresh unit followed by those
// units would give, by adding the fresh unit's facts only.
//
// Exactness comes first: when the fresh unit changes what one of the base
// units' facts links to in a way this layer does not redo (a function
// stored where base code calls through a pointer, a descriptor that turns a
// base read into file I/O, a function the base defines too, a function
// whose calls a base unit records although no base unit defines it, as
// only malformed input has...), withUnit()
// says so and the caller links everything (link()). What it redoes: base
// calls to the fresh unit's functions, base virtual calls reaching its
// overriders, base callbacks passed to a parameter it stores. programDifference() compares two programs
// field by field, in a canonical form, for the tests and for
// STALLSCAN_VERIFY_INCREMENTAL=1.
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_ANALYSIS_INCREMENTALLINK_H
#define STALLSCAN_ANALYSIS_INCREMENTALLINK_H

#include "analysis/Program.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stallscan {

class LinkedBase {
public:
  /// Links \p Units (split already applied, as link(Units, true)). The
  /// units need not outlive this object.
  explicit LinkedBase(const std::vector<const TUSummary *> &Units);
  ~LinkedBase();
  LinkedBase(const LinkedBase &) = delete;
  LinkedBase &operator=(const LinkedBase &) = delete;

  /// The base units' program: link(Units, true).
  const Program &program() const;

  /// link({&Fresh} + Units, true), built from the cached program and \p
  /// Fresh's facts; std::nullopt when \p Fresh changes the link of the
  /// base's own facts (then link everything). \p Why, if given, receives
  /// the reason.
  std::optional<Program> withUnit(const TUSummary &Fresh,
                                  std::string *Why = nullptr) const;

  struct State;

private:
  std::unique_ptr<State> S;
};

/// "" when \p A and \p B are the same program for the analyses (facts,
/// edges and what they index, canonical order for the lists whose order
/// nothing depends on); else the first difference found.
std::string programDifference(const Program &A, const Program &B);

} // namespace stallscan

#endif
