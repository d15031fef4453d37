//===--- SummaryFrame.cpp - TU summaries inside object files --------------===//
//
// Encoding and splitting of the framed records described in SummaryFrame.h.
// Nothing here knows object file formats: the plugin hands the record to the
// assembler, and `stallscan link` finds the section with LLVM's Object
// library (LinkInputs.cpp) before splitting it here.
//
//===----------------------------------------------------------------------===//
#include "driver/SummaryFrame.h"
#include "driver/SummaryFiles.h"
#include "summary/Summary.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/xxhash.h"

namespace stallscan {

namespace {

constexpr char Magic[8] = {'S', 'T', 'L', 'S', 'C', 'A', 'N', '\x01'};
constexpr size_t HeaderSize = 40;
enum Encoding : uint32_t { Plain = 0, Zlib = 1 };

void put32(std::string &Out, uint32_t V) {
  char B[4];
  llvm::support::endian::write32le(B, V);
  Out.append(B, 4);
}
void put64(std::string &Out, uint64_t V) {
  char B[8];
  llvm::support::endian::write64le(B, V);
  Out.append(B, 8);
}

} // namespace

std::string encodeSummaryRecord(const TUSummary &S) {
  std::string Json = summaryFileText(S);
  std::string Stored;
  uint32_t Enc = Plain;
  if (llvm::compression::zlib::isAvailable()) {
    llvm::SmallVector<uint8_t, 0> Z;
    llvm::compression::zlib::compress(llvm::arrayRefFromStringRef(Json), Z);
    Stored.assign(Z.begin(), Z.end());
    Enc = Zlib;
  } else {
    Stored = Json;
  }
  std::string Out(Magic, sizeof(Magic));
  put32(Out, SummaryFormatVersion);
  put32(Out, Enc);
  put64(Out, Stored.size());
  put64(Out, Json.size());
  put64(Out, llvm::xxh3_64bits(llvm::StringRef(Stored)));
  Out += Stored;
  return Out;
}

std::string summarySectionAsm(llvm::StringRef Record, bool PercentType) {
  std::string Out = std::string("\t.pushsection ") + SummarySectionName +
                    ",\"\"," + (PercentType ? "%" : "@") + "progbits\n";
  // .ascii lines of at most ~64 source bytes, everything but plain
  // printable characters as three-digit octal escapes.
  for (size_t I = 0; I < Record.size(); I += 64) {
    Out += "\t.ascii \"";
    for (unsigned char C : Record.substr(I, 64)) {
      if (C >= 0x20 && C < 0x7f && C != '"' && C != '\\') {
        Out += static_cast<char>(C);
      } else {
        char Esc[5] = {'\\', static_cast<char>('0' + (C >> 6)),
                       static_cast<char>('0' + ((C >> 3) & 7)),
                       static_cast<char>('0' + (C & 7)), 0};
        Out += Esc;
      }
    }
    Out += "\"\n";
  }
  Out += "\t.popsection\n";
  return Out;
}

void splitSummaryRecords(
    llvm::StringRef Section,
    const std::function<void(std::string Json)> &OnRecord,
    const std::function<void(uint64_t Offset, std::string Why)> &OnError) {
  using namespace llvm::support::endian;
  size_t At = 0;
  while (At < Section.size()) {
    if (Section[At] == '\0') {
      ++At;
      continue;
    }
    llvm::StringRef Rest = Section.drop_front(At);
    if (Rest.size() < HeaderSize ||
        !Rest.starts_with(llvm::StringRef(Magic, sizeof(Magic)))) {
      OnError(At, "not a stallscan summary record (corrupt section, or "
                  "written by something else)");
      return;
    }
    const char *H = Rest.data();
    uint32_t Version = read32le(H + 8), Enc = read32le(H + 12);
    uint64_t Stored = read64le(H + 16), Raw = read64le(H + 24),
             Hash = read64le(H + 32);
    if (Stored > Rest.size() - HeaderSize) {
      OnError(At, "truncated summary record (" + std::to_string(Stored) +
                      " bytes announced, " +
                      std::to_string(Rest.size() - HeaderSize) + " present)");
      return;
    }
    llvm::StringRef Payload = Rest.substr(HeaderSize, Stored);
    size_t Next = At + HeaderSize + Stored;
    if (Version != static_cast<uint32_t>(SummaryFormatVersion)) {
      // Checked first: a record of another version is named as such.
      OnError(At, "written by another stallscan version (format " +
                      std::to_string(Version) + ", this one reads " +
                      std::to_string(SummaryFormatVersion) +
                      "); compile it again");
    } else if (llvm::xxh3_64bits(Payload) != Hash) {
      OnError(At, "corrupt summary record (checksum mismatch)");
    } else if (Enc == Plain) {
      OnRecord(Payload.str());
    } else if (Enc == Zlib) {
      llvm::SmallVector<uint8_t, 0> Out;
      // zlib expands at most ~1032:1: a larger claim is corruption, not a
      // reason to allocate it.
      if (Raw > Stored * 1100 + 64) {
        OnError(At, "corrupt summary record (impossible length)");
      } else if (!llvm::compression::zlib::isAvailable()) {
        OnError(At, "compressed summary record, and this stallscan was built "
                    "without zlib");
      } else if (llvm::Error E = llvm::compression::zlib::decompress(
                     llvm::arrayRefFromStringRef(Payload), Out, Raw)) {
        OnError(At, "corrupt summary record: " + llvm::toString(std::move(E)));
      } else {
        OnRecord(std::string(Out.begin(), Out.end()));
      }
    } else {
      OnError(At, "unknown summary record encoding " + std::to_string(Enc));
    }
    At = Next;
  }
}

} // namespace stallscan
