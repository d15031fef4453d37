// The strict readers: the JSON parser every input goes through, and the
// summary reader. Each rejection sits beside the valid document it breaks.
#include "driver/Config.h"
#include "summary/SummaryReader.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace stallscan;
using json = nlohmann::json;

static std::string parseError(const std::string &Text) {
  try {
    parseJsonText(Text, "f.json", /*AllowComments=*/true);
  } catch (const ConfigError &E) {
    return E.what();
  }
  return "accepted";
}

TEST(JsonParseTest, AcceptsValidDocuments) {
  EXPECT_EQ(parseError(R"({"a": [1, 2.5, -3, "x", null, true], "b": {}})"),
            "accepted");
  EXPECT_EQ(parseError("// comment\n{\"a\": 1}"), "accepted");
  EXPECT_EQ(parseError(std::string(255, '[') + std::string(255, ']')),
            "accepted");
}

TEST(JsonParseTest, RejectsDuplicateKeysWithTheirPosition) {
  EXPECT_EQ(parseError("{\"a\": 1,\n \"a\": 2}"),
            "f.json:2:3: invalid JSON: duplicate key 'a'");
  // Same key in different objects is fine.
  EXPECT_EQ(parseError(R"({"a": {"a": 1}, "b": {"a": 2}})"), "accepted");
}

TEST(JsonParseTest, RejectsNumbersOutOfRangeAndDeepNesting) {
  EXPECT_EQ(parseError(R"({"a": 1e999})"),
            "f.json:1:7: invalid JSON: number overflow parsing '1e999'");
  EXPECT_EQ(parseError(std::string(100000, '[') + std::string(100000, ']')),
            "f.json:1:257: invalid JSON: nested deeper than 256 levels");
  EXPECT_EQ(parseError("{\"a\": [1,}"),
            "f.json:1:10: invalid JSON: syntax error while parsing value - "
            "unexpected '}'; expected '[', '{', or a literal");
}

TEST(JsonParseTest, RecordsPositionsByPointer) {
  JsonPositions Pos;
  Pos.Text = "{\"a\": [10, \"x\"],\n \"b\": {\"c\": true}}";
  parseJsonText(Pos.Text, "f.json", false, &Pos);
  EXPECT_EQ(Pos.at("/a"), "1:3");
  EXPECT_EQ(Pos.at("/a/0"), "1:8");
  EXPECT_EQ(Pos.at("/a/1"), "1:13");
  EXPECT_EQ(Pos.at("/b/c"), "2:9");
  EXPECT_EQ(Pos.at("/b/nowhere"), "2:3"); // the nearest ancestor
}

static json validSummary() {
  TUSummary S;
  S.MainFile = "/src/a.cpp";
  S.Functions = {{"f", "f", {"/src/a.cpp", 1, 1}, false, false, {}},
                 {"g", "g", {"/src/a.cpp", 9, 1}, false, false, {}}};
  S.Reactors = {{"f", "epoll_wait", {"/src/a.cpp", 2, 3}}};
  S.Calls = {{"f", "g", {"/src/a.cpp", 3, 5}, false, false, 0, {}, {}}};
  return json::parse(json(S).dump()); // as read from a file
}

static std::string summaryError(const json &J) {
  try {
    readSummary(J);
  } catch (const SummaryFormatError &E) {
    return E.what();
  }
  return "accepted";
}

TEST(SummaryReaderTest, AcceptsWhatItWrites) {
  EXPECT_EQ(summaryError(validSummary()), "accepted");
}

TEST(SummaryReaderTest, RejectsReactorIndicesThatPointNowhere) {
  json J = validSummary();
  J["calls"][0]["Reactor"] = 1;
  EXPECT_EQ(summaryError(J),
            "calls[0].Reactor: reactor 1 does not exist (1 reactors)");
  J["calls"][0]["Reactor"] = -2;
  EXPECT_EQ(summaryError(J),
            "calls[0].Reactor: expected -1 or a reactor index");
  J["calls"][0]["Reactor"] = -1;
  EXPECT_EQ(summaryError(J), "accepted");
  J["calls"][0]["Caller"] = "g"; // g has no reactor loop
  J["calls"][0]["Reactor"] = 0;
  EXPECT_EQ(summaryError(J),
            "calls[0].Reactor: reactor 0 is a loop of another function");
  J = validSummary();
  J["reactors"][0]["Function"] = "h";
  EXPECT_EQ(summaryError(J), "reactors[0].Function: the reactor's function is "
                             "not among this unit's functions");
}

TEST(SummaryReaderTest, RejectsWrongTypesRangesAndKeys) {
  json J = validSummary();
  J["functions"][1]["Where"][1] = -3;
  EXPECT_EQ(summaryError(J), "functions[1].Where[1]: expected an integer from "
                             "0 to 4294967295");
  J = validSummary();
  J["functions"][1]["Where"][1] = 4294967296;
  EXPECT_EQ(summaryError(J), "functions[1].Where[1]: expected an integer from "
                             "0 to 4294967295");
  J = validSummary();
  J["functions"][0]["IsCoroutine"] = 1;
  EXPECT_EQ(summaryError(J),
            "functions[0].IsCoroutine: expected true or false");
  J = validSummary();
  J["calls"][0].erase("Held");
  EXPECT_EQ(summaryError(J), "calls[0]: missing 'Held'");
  J = validSummary();
  J["calls"][0]["Extra"] = 1;
  EXPECT_EQ(summaryError(J), "calls[0]: unknown key 'Extra'");
  J = validSummary();
  J["main_file"] = "a.cpp";
  EXPECT_EQ(summaryError(J), "main_file: expected an absolute path");
  J["main_file"] = ""; // an index's shared unit
  J["reactors"] = json::array();
  J["calls"][0]["Reactor"] = -1;
  EXPECT_EQ(summaryError(J), "accepted");
}

// The fast reader of summary files and indexes (readSummaryFileFast) gives
// the strict reader's units for what that accepts, and nothing for the rest
// (the caller then reads the strict way, which names the problem).
static std::string fileText(const json &Summary) {
  return json{{"stallscan", "summary"},
              {"version", SummaryFormatVersion},
              {"tool", "0.1.0"},
              {"summary", Summary}}
      .dump();
}

TEST(FastSummaryReaderTest, ReadsWhatTheStrictReaderReads) {
  std::optional<SummaryFileContents> Fast =
      readSummaryFileFast(fileText(validSummary()));
  ASSERT_TRUE(Fast);
  ASSERT_EQ(Fast->Units.size(), 1u);
  EXPECT_EQ(json(Fast->Units[0]).dump(),
            json(readSummary(validSummary())).dump());
  // An index: units and its config.
  std::string Index = json{{"stallscan", "index"},
                           {"version", SummaryFormatVersion},
                           {"config", "/src/.stallscan.json"},
                           {"units", {validSummary(), validSummary()}}}
                          .dump();
  Fast = readSummaryFileFast(Index);
  ASSERT_TRUE(Fast);
  EXPECT_EQ(Fast->Units.size(), 2u);
  EXPECT_EQ(Fast->ConfigPath, "/src/.stallscan.json");
  EXPECT_EQ(json(Fast->Units[1]).dump(),
            json(readSummary(validSummary())).dump());
}

TEST(FastSummaryReaderTest, LeavesEverythingElseToTheStrictReader) {
  std::string Good = fileText(validSummary());
  EXPECT_TRUE(readSummaryFileFast(Good));
  // Truncated, not JSON, trailing text.
  EXPECT_FALSE(readSummaryFileFast(Good.substr(0, Good.size() / 2)));
  EXPECT_FALSE(readSummaryFileFast("not json"));
  EXPECT_FALSE(readSummaryFileFast(Good + "{}"));
  EXPECT_FALSE(readSummaryFileFast(""));
  // A duplicate key, in the header and inside a fact.
  std::string Dup = Good;
  Dup.insert(1, "\"version\": 1, ");
  EXPECT_FALSE(readSummaryFileFast(Dup));
  std::string DupFact = Good;
  size_t At = DupFact.find("\"Caller\"");
  ASSERT_NE(At, std::string::npos);
  DupFact.insert(At, "\"Caller\":\"f\",");
  EXPECT_FALSE(readSummaryFileFast(DupFact));
  // Another version, kind or key; a summary that does not validate.
  json J = json::parse(Good);
  J["version"] = SummaryFormatVersion - 1;
  EXPECT_FALSE(readSummaryFileFast(J.dump()));
  J = json::parse(Good);
  J["stallscan"] = "report";
  EXPECT_FALSE(readSummaryFileFast(J.dump()));
  J = json::parse(Good);
  J["extra"] = 1;
  EXPECT_FALSE(readSummaryFileFast(J.dump()));
  J = json::parse(Good);
  J["tool"] = 3;
  EXPECT_FALSE(readSummaryFileFast(J.dump()));
  J = json::parse(Good);
  J["summary"]["calls"][0]["Reactor"] = 1;
  EXPECT_FALSE(readSummaryFileFast(J.dump()));
  J = json::parse(Good);
  J["summary"]["functions"][0]["Where"][1] = 1.5;
  EXPECT_FALSE(readSummaryFileFast(J.dump()));
  // Nesting deeper than the strict parser allows.
  EXPECT_FALSE(readSummaryFileFast(std::string(300, '[') + std::string(300, ']')));
}

/// The units of \p Text as the strict path reads them (nlohmann's parser,
/// then the summary reader), or "rejected".
static std::string strictUnits(const std::string &Text) {
  try {
    json J = json::parse(Text);
    if (!J.is_object() || !J.contains("summary"))
      return "rejected";
    return json(readSummary(J["summary"])).dump();
  } catch (const std::exception &) {
    return "rejected";
  }
}

// The fast path's own JSON tokenizer against nlohmann's parser: strings
// with every escape, non-ASCII text and surrogate pairs, white space of
// every kind, and then every byte of such a file replaced in turn by each
// of a set of troublesome ones. Whatever the fast reader accepts, the
// strict path accepts too, with the same units; a valid file it accepts.
TEST(FastSummaryReaderTest, TokenizerAgreesWithTheStrictParser) {
  json S = validSummary();
  S["functions"][0]["Name"] = "f\"q\\b/\b\f\n\r\t\x01 \u00e9\u4e2d \U0001F600";
  S["functions"][1]["Name"] = "g";
  std::string Escaped = fileText(S); // nlohmann escapes what it must
  std::string Spaced = json::parse(Escaped).dump(2);
  // \u escapes, a surrogate pair and \/ written by hand.
  std::string Hand = Escaped;
  size_t At = Hand.find("\"g\",");
  ASSERT_NE(At, std::string::npos);
  Hand.replace(At, 4, "\"\\u0067\",");
  At = Hand.find("\"/src/a.cpp\"");
  Hand.replace(At, 12, "\"\\/src\\/a.cpp\"");
  std::string Pair = Hand;
  At = Pair.find("\"epoll_wait\"");
  Pair.replace(At, 12, "\"epoll_wait\\ud83d\\ude00\"");
  for (const std::string &Valid : {Escaped, Spaced, Hand, Pair}) {
    std::optional<SummaryFileContents> Fast = readSummaryFileFast(Valid);
    ASSERT_TRUE(Fast) << Valid;
    EXPECT_EQ(json(Fast->Units[0]).dump(), strictUnits(Valid));
  }
  const char *Troublesome[] = {"18446744073709551615", "18446744073709551616",
                               "-9223372036854775808", "-9223372036854775809",
                               "\"", "\\", "\\u", "\\ud83d", "\xC3", "\xFF",
                               "\x01", "0", "-", "1.5", "1e3", "01", " ",
                               "}", "]", ",", ":", "tru", "null", "\xED\xA0\x80"};
  size_t Accepted = 0, Cases = 0;
  for (const std::string &Base : {Hand, Pair})
    for (size_t I = 0; I < Base.size(); ++I)
      for (const char *T : Troublesome) {
        std::string Text = Base;
        Text.replace(I, 1, T);
        ++Cases;
        std::optional<SummaryFileContents> Fast = readSummaryFileFast(Text);
        if (!Fast)
          continue;
        ++Accepted;
        ASSERT_EQ(Fast->Units.size(), 1u);
        EXPECT_EQ(json(Fast->Units[0]).dump(), strictUnits(Text))
            << "byte " << I << " replaced by '" << T << "'";
      }
  EXPECT_GT(Accepted, 100u) << "of " << Cases;
}
