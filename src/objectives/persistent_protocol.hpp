// The lines a persistent training program and fermata exchange (model.persistent: true).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <fermata/space/space.hpp>

namespace fermata {

/// @brief What one fold's request carries: the same values the placeholders of a program
/// run per fold carry.
struct FoldRequest {
  std::int64_t id = 0;     ///< counts the requests to one program; its reply may echo it
  std::int64_t trial = 0;  ///< the trial id
  std::string fold;        ///< "0" .. folds-1, or "test"
  int folds = 0;
  std::uint64_t seed = 0;
  std::string data;  ///< data.path, empty for generated data
  int threads = 1;   ///< model.threads: the thread limit for the fold's training
};

/// @brief The request as one JSON line, e.g.
/// `{"id":3,"trial":7,"fold":2,"folds":5,"seed":1,"data":"t.csv","threads":1,
///   "config":{"C":0.5,"kernel":"rbf","depth":4},"fixed":{"max_iter":"200"}}`.
/// `fold` is a number, or the string "test" for the test-set evaluation. A parameter's value
/// is the text a per-fold command line would get (Space::format_value): an integer for an int
/// parameter, a number with a fraction or exponent for a float (1.0, not 1), a string for a
/// categorical; fixed values are strings, as written in the job.
std::string request_line(const FoldRequest& request, const Space& space, const Config& config,
                         const std::map<std::string, std::string>& fixed);

/// @brief Whether `line` is the reply to request `id`: a JSON object with an "error" or a
/// "failed" member, and an "id" member equal to `id` if it has one (a reply to an earlier
/// request is not). Other lines are the program's own output.
bool is_reply_to(const std::string& line, std::int64_t id);

/// @brief The fold's error in a reply: its "error" member, a finite number. Throws ModelError
/// with the program's message for `{"failed": "why"}`, and saying what is wrong otherwise.
double parse_reply(const std::string& line);

}  // namespace fermata
