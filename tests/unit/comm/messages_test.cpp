#include <fermata/comm/messages.hpp>

#include <cmath>

#include <gtest/gtest.h>
#include <fermata/core/error.hpp>

namespace fermata {
namespace {

TEST(Messages, TaskSurvivesEncodeDecode) {
  const TaskMessage task{42, 7, {0.25, 3.0, 1e-9}, 2};
  const TaskMessage back = decode_task(encode(task));
  EXPECT_EQ(back.trial, 42);
  EXPECT_EQ(back.fold, 7);
  EXPECT_EQ(back.params, task.params);
  EXPECT_EQ(back.attempt, 2);
}

TEST(Messages, ResultSurvivesEncodeDecodeIncludingFailures) {
  ResultMessage r;
  r.trial = 3;
  r.fold = 1;
  r.worker = 12;
  r.ok = false;
  r.error = std::nan("");
  r.seconds = 0.5;
  r.message = "model threw: out of memory";
  const ResultMessage back = decode_result(encode(r));
  EXPECT_EQ(back.trial, 3);
  EXPECT_EQ(back.worker, 12);
  EXPECT_FALSE(back.ok);
  EXPECT_TRUE(std::isnan(back.error));
  EXPECT_EQ(back.message, r.message);
}

TEST(Messages, GarbageBytesAreACommError) {
  EXPECT_THROW(decode_result("not an archive"), CommError);
}

}  // namespace
}  // namespace fermata
