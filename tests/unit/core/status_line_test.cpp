#include <fermata/core/status_line.hpp>

#include <unistd.h>

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <fermata/core/status_line_sink.hpp>

namespace fermata {
namespace {

constexpr const char* kErase = "\r\033[K";

/// A status line that writes into `out`, on a terminal `columns` wide.
std::shared_ptr<StatusLine> line_into(std::string& out, int columns = 80) {
  return std::make_shared<StatusLine>([&out](std::string_view bytes) { out += bytes; },
                                      [columns] { return columns; });
}

TEST(DisplayWidth, CountsCodePointsButNotCombiningMarks) {
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("r̄"), 1u);  // r + U+0304 COMBINING MACRON
  EXPECT_EQ(display_width("ε"), 1u);  // two bytes, one column
  EXPECT_EQ(display_width("r̄ 0.1 vs ε 0.2"), 14u);
}

TEST(FitToWidth, KeepsWholeCharactersWithTheirCombiningMarks) {
  EXPECT_EQ(fit_to_width("abcdef", 3), "abc");
  EXPECT_EQ(fit_to_width("abc", 10), "abc");
  EXPECT_EQ(fit_to_width("r̄x", 1), "r̄");  // the macron stays with its r
  EXPECT_EQ(fit_to_width("aε", 1), "a");  // ε is not cut in half
  EXPECT_EQ(fit_to_width("aεb", 2), "aε");
  EXPECT_EQ(fit_to_width("abc", 0), "");
}

TEST(TerminalColumns, FallsBackWhenTheDescriptorIsNotATerminal) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  EXPECT_EQ(terminal_columns(fds[1], 77), 77);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(StatusLine, ShowErasesTheLineAndDrawsTheTextWithoutANewline) {
  std::string out;
  auto line = line_into(out);
  line->show("first");
  line->show("second");
  EXPECT_EQ(out, std::string(kErase) + "first" + kErase + "second");
  EXPECT_TRUE(line->shown());
}

TEST(StatusLine, TextIsCutOneColumnShortOfTheTerminalWidth) {
  std::string out;
  auto line = line_into(out, 10);
  line->show("0123456789abcdef");
  EXPECT_EQ(out, std::string(kErase) + "012345678");
}

TEST(StatusLine, WriteAboveErasesWritesTheRecordAndRedraws) {
  std::string out;
  auto line = line_into(out);
  line->show("status");
  out.clear();
  line->write_above("a warning\n");
  EXPECT_EQ(out, std::string(kErase) + "a warning\n" + kErase + "status");
}

TEST(StatusLine, WriteAboveAHiddenLineWritesOnlyTheRecord) {
  std::string out;
  auto line = line_into(out);
  line->write_above("plain\n");
  EXPECT_EQ(out, "plain\n");
  line->show("status");
  line->clear();
  out.clear();
  line->write_above("after clear\n");
  EXPECT_EQ(out, "after clear\n");
  EXPECT_FALSE(line->shown());
}

TEST(StatusLine, ClearErasesOnceAndOnlyWhenShown) {
  std::string out;
  auto line = line_into(out);
  line->clear();
  EXPECT_EQ(out, "");
  line->show("x");
  out.clear();
  line->clear();
  line->clear();
  EXPECT_EQ(out, kErase);
}

/// A logger that writes through a StatusLineSink into a string.
struct SinkHarness {
  explicit SinkHarness(bool color)
      : line(line_into(out)),
        logger("status-line-test", std::make_shared<StatusLineSink>(line, color)) {
    logger.set_pattern("[%^%l%$] %v");
  }
  std::string out;
  std::shared_ptr<StatusLine> line;
  spdlog::logger logger;
};

TEST(StatusLineSink, ARecordErasesTheStatusLineAndTheLineIsRedrawnBelowIt) {
  SinkHarness h(false);
  h.line->show("3 complete | best 0.1");
  h.out.clear();
  h.logger.warn("trial {} failed", 4);
  EXPECT_EQ(h.out,
            std::string(kErase) + "[warning] trial 4 failed\n" + kErase + "3 complete | best 0.1");
}

TEST(StatusLineSink, WithoutAStatusLineRecordsAreWrittenAsTheyAre) {
  SinkHarness h(false);
  h.logger.info("hello");
  EXPECT_EQ(h.out, "[info] hello\n");
}

TEST(StatusLineSink, ColorsOnlyTheLevelAndOnlyWhenAsked) {
  SinkHarness colored(true);
  colored.logger.error("boom");
  EXPECT_EQ(colored.out, "[\033[31m\033[1merror\033[m] boom\n");
  SinkHarness plain(false);
  plain.logger.error("boom");
  EXPECT_EQ(plain.out.find('\033'), std::string::npos);
}

}  // namespace
}  // namespace fermata
