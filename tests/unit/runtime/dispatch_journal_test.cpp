// The dispatch journal: which tasks were running when a session died, and which trials it
// created after its last checkpoint.
#include <fermata/runtime/dispatch_journal.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

namespace fermata {
namespace {

namespace fs = std::filesystem;

constexpr double kCreated = 1795962736.25;  ///< the study's created_utc

class DispatchJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fermata_journal_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string checkpoint() const { return (dir_ / "study.h5").string(); }
  fs::path dir_;
};

TEST_F(DispatchJournalTest, ATaskDispatchedWithoutOutcomeIsUnfinished) {
  DispatchJournal journal(checkpoint());
  journal.start(kCreated);
  journal.dispatched(0, 0);
  journal.dispatched(0, 1);
  journal.resolved(0, 0);
  journal.dispatched(1, -1);
  const auto contents = DispatchJournal(checkpoint()).read(kCreated);
  EXPECT_EQ(contents.unfinished, (std::map<DispatchJournal::Task, int>{{{0, 1}, 1}, {{1, -1}, 1}}));
}

TEST_F(DispatchJournalTest, RedispatchesCountEachDeath) {
  DispatchJournal journal(checkpoint());
  journal.start(kCreated);
  journal.dispatched(2, 3);
  journal.resolved(2, 3);  // failed with an exception and was retried
  journal.dispatched(2, 3);
  journal.dispatched(2, 3);  // carried over from an earlier death
  EXPECT_EQ(journal.read(kCreated).unfinished.at({2, 3}), 2);
}

TEST_F(DispatchJournalTest, CreatedTrialsReadBackAsTheSameDoubles) {
  DispatchJournal journal(checkpoint());
  journal.start(kCreated);
  const Config params = {0.1, 1.0 / 3.0, -2.5e-300, 7.0};
  journal.created(4, params);
  journal.created(5, {});
  const auto contents = journal.read(kCreated);
  ASSERT_EQ(contents.created.size(), 2u);
  EXPECT_EQ(contents.created.at(4), params);
  EXPECT_TRUE(contents.created.at(5).empty());
}

TEST_F(DispatchJournalTest, ALineCutShortByADeathIsIgnored) {
  std::ofstream(checkpoint() + ".dispatch")
      << "s 1795962736.25\nd 1 0\nd 1 1\nr 1 1\nd 1 2\nt 2 0.5 0.2";
  const auto contents = DispatchJournal(checkpoint()).read(kCreated);
  EXPECT_EQ(contents.unfinished, (std::map<DispatchJournal::Task, int>{{{1, 0}, 1}, {{1, 2}, 1}}));
  EXPECT_TRUE(contents.created.empty());
}

TEST_F(DispatchJournalTest, AJournalOfAnotherStudyIsIgnored) {
  DispatchJournal journal(checkpoint());
  journal.start(kCreated);
  journal.dispatched(0, 0);
  EXPECT_EQ(journal.read(kCreated).unfinished.size(), 1u);
  EXPECT_TRUE(journal.read(kCreated + 1).unfinished.empty());
}

TEST_F(DispatchJournalTest, StartEmptiesThePreviousSessionsJournal) {
  std::ofstream(checkpoint() + ".dispatch") << "s 1795962736.25\nd 1 0\n";
  DispatchJournal journal(checkpoint());
  journal.start(kCreated);
  EXPECT_TRUE(journal.read(kCreated).unfinished.empty());
  EXPECT_EQ(journal.path(), checkpoint() + ".dispatch");
}

TEST_F(DispatchJournalTest, WithoutACheckpointPathNothingIsWritten) {
  DispatchJournal journal("");
  journal.start(kCreated);
  journal.dispatched(0, 0);
  EXPECT_TRUE(journal.read(kCreated).unfinished.empty());
  EXPECT_TRUE(fs::is_empty(dir_));
}

}  // namespace
}  // namespace fermata
