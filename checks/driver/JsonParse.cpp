//===--- JsonParse.cpp - Strict JSON reading for every input file ---------===//
//
// Every JSON file stallscan reads (config, compile database, baseline,
// summary, index) goes through one SAX parser instead of nlohmann's DOM
// parser, for what the DOM parser cannot do:
//  - duplicate keys are errors (nlohmann silently keeps the last one, so a
//    repeated "checks" or "exclude" would drop the first without a word);
//  - nesting is limited: nlohmann parses iteratively, but dump(), copies
//    and comparisons recurse, so a file of a million '[' would overflow the
//    stack long after it was "parsed";
//  - nothing throws: syntax errors and numbers out of double range (1e999,
//    which nlohmann reports as out_of_range at parse time) come back as one
//    ConfigError with file:line:col.
// Positions are recovered by reading the text through an iterator that
// counts how far the lexer has read: at each SAX event the lexer has just
// finished the token (plus one character of look-ahead after a number).
//
//===----------------------------------------------------------------------===//
#include "driver/Config.h"

#include "llvm/Support/MemoryBuffer.h"
#include <cctype>
#include <iterator>

namespace stallscan {

namespace {

constexpr size_t MaxDepth = 256;

/// A char iterator that records how many characters were read.
class CountingIterator {
public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char *;
  using reference = const char &;

  CountingIterator(const char *P, const char *Base, size_t *Read)
      : P(P), Base(Base), Read(Read) {}
  reference operator*() const { return *P; }
  CountingIterator &operator++() {
    ++P;
    if (static_cast<size_t>(P - Base) > *Read)
      *Read = static_cast<size_t>(P - Base);
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator Old = *this;
    ++*this;
    return Old;
  }
  bool operator==(const CountingIterator &O) const { return P == O.P; }
  bool operator!=(const CountingIterator &O) const { return P != O.P; }

private:
  const char *P;
  const char *Base;
  size_t *Read;
};

bool isNumberChar(char C) {
  return std::isdigit(static_cast<unsigned char>(C)) || C == '-' || C == '+' ||
         C == '.' || C == 'e' || C == 'E';
}

using json = nlohmann::json;

/// Builds the DOM like nlohmann's own SAX DOM parser, plus the checks.
class StrictBuilder {
public:
  StrictBuilder(llvm::StringRef Text, size_t &Read, JsonPositions *Pos)
      : Text(Text), Read(Read), Pos(Pos) {}

  json Root;
  std::string Error; ///< set when parsing stopped
  size_t ErrorOffset = 0;

  bool null() { return value(nullptr, Read, 4); }
  bool boolean(bool B) { return value(B, Read, B ? 4 : 5); }
  bool number_integer(json::number_integer_t N) {
    return value(N, numberStart(), 0);
  }
  bool number_unsigned(json::number_unsigned_t N) {
    return value(N, numberStart(), 0);
  }
  bool number_float(json::number_float_t F, const std::string &) {
    return value(F, numberStart(), 0);
  }
  bool string(std::string &S) { return value(std::move(S), stringStart(), 0); }
  bool binary(json::binary_t &) { return fail("binary values", Read); }
  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string &K) {
    size_t At = stringStart();
    json &Obj = *Stack.back().Value;
    if (Obj.contains(K))
      return fail("duplicate key '" + K + "'", At);
    Key = std::move(K);
    KeyOffset = At;
    return true;
  }
  bool parse_error(std::size_t Position, const std::string &,
                   const nlohmann::detail::exception &E) {
    std::string Msg = E.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5:
    // syntax error ..." -> "syntax error ..."; "[...out_of_range.406] number
    // overflow parsing '1e999'" -> "number overflow parsing '1e999'".
    std::string Short = Msg;
    if (size_t Column = Msg.find("column"); Column != std::string::npos) {
      if (size_t Colon = Msg.find(": ", Column); Colon != std::string::npos)
        Short = Msg.substr(Colon + 2);
    } else if (size_t Bracket = Msg.find("] "); Bracket != std::string::npos) {
      Short = Msg.substr(Bracket + 2);
    }
    // A number that overflows has been read in full; point at its start.
    size_t At = Position ? Position - 1 : 0;
    if (Msg.find("out_of_range") != std::string::npos)
      At = numberStart();
    return fail(Short, At);
  }

private:
  struct Level {
    json *Value;
    std::string Pointer; ///< only with positions
    size_t NextIndex = 0;
  };

  bool fail(const std::string &Msg, size_t At) {
    if (Error.empty()) {
      Error = Msg;
      ErrorOffset = At;
    }
    return false;
  }

  /// Where the token just read starts.
  size_t numberStart() const {
    size_t E = Read;
    if (E > 0 && !isNumberChar(Text[E - 1]))
      --E; // the look-ahead character
    while (E > 0 && isNumberChar(Text[E - 1]))
      --E;
    return E;
  }
  /// Where the string just read starts: its first character, after the
  /// opening quote (as clang points at a name, not at its quotes).
  size_t stringStart() const {
    // Text[Read - 1] is the closing quote; find the opening one.
    size_t I = Read >= 2 ? Read - 2 : 0;
    while (I > 0) {
      if (Text[I] == '"') {
        size_t Slashes = 0;
        while (I > Slashes && Text[I - 1 - Slashes] == '\\')
          ++Slashes;
        if (Slashes % 2 == 0)
          return I + 1;
      }
      --I;
    }
    return 0;
  }

  static std::string escapePointer(const std::string &K) {
    std::string Out;
    for (char C : K) {
      if (C == '~')
        Out += "~0";
      else if (C == '/')
        Out += "~1";
      else
        Out += C;
    }
    return Out;
  }

  /// Places \p V in the current container; returns it.
  json *place(json V, size_t At, size_t LiteralLength, std::string *Pointer) {
    size_t Start =
        LiteralLength && At >= LiteralLength ? At - LiteralLength : At;
    if (Stack.empty()) {
      Root = std::move(V);
      if (Pos) {
        *Pointer = "";
        Pos->Offsets[""] = Start;
      }
      return &Root;
    }
    Level &L = Stack.back();
    json *Slot;
    if (L.Value->is_object()) {
      if (Pos) {
        *Pointer = L.Pointer + "/" + escapePointer(Key);
        Pos->Offsets[*Pointer] = KeyOffset;
      }
      // key() has ruled out a duplicate: the key moves in, not copied.
      Slot = &L.Value->get_ref<json::object_t &>()
                  .emplace(std::move(Key), std::move(V))
                  .first->second;
    } else {
      L.Value->push_back(std::move(V));
      Slot = &L.Value->back();
      if (Pos) {
        *Pointer = L.Pointer + "/" + std::to_string(L.NextIndex);
        Pos->Offsets[*Pointer] = Start;
      }
      ++L.NextIndex;
    }
    return Slot;
  }

  template <typename T> bool value(T &&V, size_t At, size_t LiteralLength) {
    std::string Pointer;
    place(json(std::forward<T>(V)), At, LiteralLength, &Pointer);
    return true;
  }

  bool open(json Container) {
    size_t At = Read ? Read - 1 : 0;
    if (Stack.size() >= MaxDepth)
      return fail("nested deeper than " + std::to_string(MaxDepth) + " levels",
                  At);
    std::string Pointer;
    json *Slot = place(std::move(Container), At, 0, &Pointer);
    Stack.push_back({Slot, std::move(Pointer)});
    return true;
  }
  bool close() {
    Stack.pop_back();
    return true;
  }

  llvm::StringRef Text;
  size_t &Read;
  JsonPositions *Pos;
  std::vector<Level> Stack;
  std::string Key;
  size_t KeyOffset = 0;
};

} // namespace

std::string JsonPositions::lineCol(size_t Offset) const {
  unsigned Line = 1, Col = 1;
  for (size_t I = 0; I < Offset && I < Text.size(); ++I) {
    if (Text[I] == '\n') {
      ++Line;
      Col = 1;
    } else {
      ++Col;
    }
  }
  return std::to_string(Line) + ":" + std::to_string(Col);
}

std::string JsonPositions::at(std::string Pointer) const {
  for (;;) {
    auto It = Offsets.find(Pointer);
    if (It != Offsets.end())
      return lineCol(It->second);
    size_t Slash = Pointer.rfind('/');
    if (Slash == std::string::npos)
      return "1:1";
    Pointer.resize(Slash);
  }
}

namespace {

nlohmann::json parseJson(llvm::StringRef Text, const std::string &Origin,
                         bool AllowComments, JsonPositions *Positions) {
  if (Positions) {
    // lineCol() of the recorded offsets needs the text. It may be the text
    // itself (parseJsonText(Pos.Text, ..., &Pos)): then Text stays valid.
    if (Positions->Text.data() != Text.data())
      Positions->Text = Text.str();
    Text = Positions->Text;
  }
  if (!Positions) {
    // The fast path: plain pointers let nlohmann's lexer run at full speed.
    // Offsets are only needed for an error's position, so a file that fails
    // is read again below, counting, to say where.
    size_t Unused = 0;
    StrictBuilder Fast(Text, Unused, nullptr);
    bool Ok = false;
    try {
      Ok = json::sax_parse(Text.data(), Text.data() + Text.size(), &Fast,
                           json::input_format_t::json, /*strict=*/true,
                           /*ignore_comments=*/AllowComments);
    } catch (const std::exception &) {
    }
    if (Ok && Fast.Error.empty())
      return std::move(Fast.Root);
  }
  size_t Read = 0;
  StrictBuilder B(Text, Read, Positions);
  CountingIterator First(Text.data(), Text.data(), &Read),
      Last(Text.data() + Text.size(), Text.data(), &Read);
  bool Ok = false;
  try {
    Ok = json::sax_parse(First, Last, &B, json::input_format_t::json,
                         /*strict=*/true, /*ignore_comments=*/AllowComments);
  } catch (const std::exception &E) {
    // Not expected (the SAX interface reports errors by return value), but
    // whatever a reader throws must not escape as anything but ConfigError.
    if (B.Error.empty())
      B.Error = E.what();
  }
  if (Ok && B.Error.empty())
    return std::move(B.Root);
  JsonPositions Local;
  Local.Text = Text.str();
  throw ConfigError(
      Origin + ":" + Local.lineCol(B.ErrorOffset) +
      ": invalid JSON: " + (B.Error.empty() ? "unreadable" : B.Error));
}

} // namespace

nlohmann::json parseJsonText(const std::string &Text, const std::string &Origin,
                             bool AllowComments, JsonPositions *Positions) {
  return parseJson(Text, Origin, AllowComments, Positions);
}

nlohmann::json parseJsonFile(const std::string &Path, bool AllowComments,
                             JsonPositions *Positions) {
  // Read, not mapped (volatile, with a terminator: LLVM then reads into
  // memory), and parsed in place: a link reads tens of thousands of summary
  // files once each, and mapping each (page faults, then an unmap that
  // flushes the TLB) and copying it into a string took half of the time
  // spent reading them (perf, 1k synthetic TUs).
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true,
                                         /*RequiresNullTerminator=*/true,
                                         /*IsVolatile=*/true);
  if (!Buf)
    throw ConfigError(Path + ": cannot read: " + Buf.getError().message());
  return parseJson((*Buf)->getBuffer(), Path, AllowComments, Positions);
}

} // namespace stallscan
