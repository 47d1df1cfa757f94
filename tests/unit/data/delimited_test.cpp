#include "data/delimited.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace fermata::data_detail {
namespace {

std::vector<std::string> split(std::string record, char delimiter = ',') {
  std::vector<std::string_view> fields;
  EXPECT_TRUE(split_fields(record, delimiter, fields)) << record;
  return {fields.begin(), fields.end()};
}

using Fields = std::vector<std::string>;

TEST(SplitFields, UnquotedFieldsAreTrimmedOfSpaces) {
  EXPECT_EQ(split(" a , b,c "), (Fields{"a", "b", "c"}));
  EXPECT_EQ(split("a\t b\t", '\t'), (Fields{"a", "b", ""}));
  EXPECT_EQ(split(""), (Fields{""}));
  EXPECT_EQ(split(",,"), (Fields{"", "", ""}));
}

TEST(SplitFields, QuotedFieldsKeepDelimitersAndUnescapeDoubledQuotes) {
  EXPECT_EQ(split(R"("a,b","say ""hi""",c)"), (Fields{"a,b", R"(say "hi")", "c"}));
  EXPECT_EQ(split(R"( "x" ,"")"), (Fields{"x", ""}));
  EXPECT_EQ(split("\"a\tb\"\tc", '\t'), (Fields{"a\tb", "c"}));
  EXPECT_EQ(split("a,\"\",\"\"\"\""), (Fields{"a", "", "\""}));
  EXPECT_EQ(split("x,\"q\","), (Fields{"x", "q", ""}));
}

TEST(SplitFields, QuoteInsideAnUnquotedFieldIsText) {
  EXPECT_EQ(split(R"(5'11",b)"), (Fields{R"(5'11")", "b"}));
  EXPECT_FALSE(ends_inside_quotes(R"(5'11",b)", ','));
}

TEST(SplitFields, TextAfterAClosingQuoteIsMalformed) {
  std::string record = R"("a"b,c)";
  std::vector<std::string_view> fields;
  EXPECT_FALSE(split_fields(record, ',', fields));
}

TEST(EndsInsideQuotes, TracksOpenQuotedFields) {
  EXPECT_TRUE(ends_inside_quotes("a,\"b", ','));
  EXPECT_TRUE(ends_inside_quotes("a,\"b\"\"", ','));  // the doubled quote is escaped
  EXPECT_FALSE(ends_inside_quotes("a,\"b\"", ','));
  EXPECT_FALSE(ends_inside_quotes("a,b", ','));
}

}  // namespace
}  // namespace fermata::data_detail
