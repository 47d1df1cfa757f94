// parse_job and load_job: YAML text to a validated Job with every default resolved.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fermata/core/error.hpp>
#include <fermata/job/job.hpp>

#include "job/job_blocks.hpp"
#include "job/overrides.hpp"
#include "job/yaml_reader.hpp"

namespace fermata {

namespace {

const std::vector<std::string> kTopLevelKeys = {"name",     "seed",       "data",      "cv",
                                                "model",    "space",      "optimizer", "budget",
                                                "stopping", "checkpoint", "runtime"};

Job parse_tree(YAML::Node root, const std::string& file,
               const std::vector<std::string>& overrides) {
  using namespace job_yaml;
  const Source source(file, apply_overrides(root, overrides, file));
  const MapReader top(source, root, "", kTopLevelKeys);

  Job job;
  job.file = file;
  job.name = std::filesystem::path(file).stem().string();
  top.read("name", job.name);
  if (job.name.empty()) {
    source.fail(
        "missing required key 'name' (it defaults to the job file's name, and there is "
        "no file name to take it from)");
  }
  top.read("seed", job.seed);
  // The synthetic model computes its objective from the configuration alone, and a command
  // reads its data itself (a data block then only fills the {data} placeholder).
  bool needs_data = true;
  if (top.has("model") && top.value("model").IsMap()) {
    const YAML::Node kind = top.value("model")["kind"];
    needs_data = !(kind.IsDefined() && kind.IsScalar() &&
                   (kind.Scalar() == "synthetic" || kind.Scalar() == "command"));
  }
  if (needs_data || top.has("data")) job.data = parse_data(top);
  job.cv = parse_cv(top, job.data.task);
  job.model = parse_model(top, job.data.task);
  job.space = parse_space(top);
  job.optimizer = parse_optimizer(top);
  job.budget = parse_budget(top);
  job.stopping = parse_stopping(top, job.cv);
  job.checkpoint = parse_checkpoint(top, job.name);
  job.runtime = parse_runtime(top);
  return job;
}

}  // namespace

Job parse_job(const std::string& yaml, const std::string& file,
              const std::vector<std::string>& overrides) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::ParserException& e) {
    throw JobError(file + ":" + std::to_string(e.mark.line + 1) + ":" +
                   std::to_string(e.mark.column + 1) + ": invalid YAML: " + e.msg);
  }
  try {
    return parse_tree(root, file, overrides);
  } catch (const YAML::Exception& e) {
    // The reader checks node types before use, so this is a safety net, not a path.
    throw JobError(file + ": " + e.what());
  }
}

Job load_job(const std::string& path, const std::vector<std::string>& overrides) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw JobError("cannot read job file '" + path + "': it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw JobError("cannot read job file '" + path + "': " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw JobError("cannot read job file '" + path + "': read failed");
  return parse_job(text.str(), path, overrides);
}

}  // namespace fermata
