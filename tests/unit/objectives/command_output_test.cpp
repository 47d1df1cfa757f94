// parse_error_line: what a training program may print as its last line, and what it may not.
#include "objectives/command_output.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::string error_of(const std::string& line) {
  try {
    const double value = parse_error_line(line);
    ADD_FAILURE() << "'" << line << "' gave " << value << " instead of a ModelError";
  } catch (const ModelError& e) {
    return e.what();
  }
  return "";
}

TEST(ErrorLine, ReadsAPlainNumber) {
  EXPECT_DOUBLE_EQ(parse_error_line("0.123"), 0.123);
  EXPECT_DOUBLE_EQ(parse_error_line("1e-3"), 1e-3);
  EXPECT_DOUBLE_EQ(parse_error_line("-2.5"), -2.5);
  EXPECT_DOUBLE_EQ(parse_error_line("+7"), 7.0);
}

TEST(ErrorLine, ReadsTheErrorMemberOfAJsonObject) {
  EXPECT_DOUBLE_EQ(parse_error_line(R"({"error": 0.25})"), 0.25);
  EXPECT_DOUBLE_EQ(parse_error_line(R"({ "loss" : 1.5e2 , "error":-0.5E-1 })"), -0.05);
}

TEST(ErrorLine, IgnoresOtherMembersNestedOnesIncluded) {
  EXPECT_DOUBLE_EQ(
      parse_error_line(R"({"name": "a \"quoted\" \u00e9 \\ name", "ok": true, "none": null, )"
                       R"("per_fold": [0.1, {"x": [[], {}]}], "error": 0.125, "z": false})"),
      0.125);
}

TEST(ErrorLine, AnEscapedKeyNamedErrorCounts) {
  EXPECT_DOUBLE_EQ(parse_error_line(R"({"\u0065rror": 0.5})"), 0.5);
}

TEST(ErrorLine, AnythingButANumberIsAModelErrorQuotingTheLine) {
  EXPECT_THAT(error_of("Epoch 10/10"),
              HasSubstr("its last line 'Epoch 10/10' is neither a number nor a JSON object with "
                        "an \"error\" number"));
  EXPECT_THAT(error_of("0.5 0.6"), HasSubstr("'0.5 0.6' is neither a number"));
  EXPECT_THAT(error_of("error=0.5"), HasSubstr("is neither a number"));
  EXPECT_THAT(error_of(""), HasSubstr("it printed nothing on standard output"));
}

TEST(ErrorLine, NonFiniteValuesAreModelErrors) {
  EXPECT_THAT(error_of("nan"), HasSubstr("not a finite double"));
  EXPECT_THAT(error_of("inf"), HasSubstr("not a finite double"));
  EXPECT_THAT(error_of("1e999"), HasSubstr("not a finite double"));
  EXPECT_THAT(error_of(R"({"error": 1e999})"), HasSubstr("not a finite double"));
}

TEST(ErrorLine, AJsonObjectWithoutANumericErrorIsAModelError) {
  EXPECT_THAT(error_of(R"({"loss": 0.5})"), HasSubstr("the JSON object has no \"error\" key"));
  EXPECT_THAT(error_of(R"({"error": "0.5"})"),
              HasSubstr("\"error\" is a string, expected a number"));
  EXPECT_THAT(error_of(R"({"error": null})"), HasSubstr("\"error\" is null, expected a number"));
  EXPECT_THAT(error_of(R"({"error": [0.5]})"), HasSubstr("\"error\" is an array"));
  EXPECT_THAT(error_of(R"({"error": 0.5, "error": 0.6})"),
              HasSubstr("the key \"error\" appears twice"));
}

TEST(ErrorLine, InvalidJsonIsAModelErrorWithThePosition) {
  EXPECT_THAT(error_of(R"({"error": 0.5,})"),
              AllOf(HasSubstr("invalid JSON"), HasSubstr("column 15")));
  EXPECT_THAT(error_of(R"({'error': 0.5})"), HasSubstr("invalid JSON"));
  EXPECT_THAT(error_of(R"({"error": 0.5)"), HasSubstr("expected '}'"));
  EXPECT_THAT(error_of(R"({"error": 0.5} trailing)"), HasSubstr("expected end of input"));
  EXPECT_THAT(error_of(R"({"error": .5})"), HasSubstr("invalid JSON"));
  EXPECT_THAT(error_of(R"({"error": 05})"), HasSubstr("invalid JSON"));
  EXPECT_THAT(error_of(R"({"error": NaN})"), HasSubstr("invalid JSON"));
  EXPECT_THAT(error_of(R"({"error": 0.5, "s": "\x"})"), HasSubstr("invalid string"));
  EXPECT_THAT(error_of(std::string(100, '[').insert(0, R"({"a": )")), HasSubstr("nesting"));
}

TEST(ErrorLine, ALongLineIsQuotedShortened) {
  const std::string message = error_of(std::string(5000, 'x'));
  EXPECT_THAT(message, HasSubstr("...' (5000 characters)"));
  EXPECT_LT(message.size(), 400u);
}

}  // namespace
}  // namespace fermata
