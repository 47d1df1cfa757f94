#include <fermata/study/study.hpp>

#include <algorithm>
#include <cmath>

namespace fermata {

Trial& Study::add_trial(Config params) {
  const std::int64_t id = trials.empty() ? 0 : trials.back().id + 1;
  trials.push_back(Trial::make(id, std::move(params), folds));
  return trials.back();
}

Trial* Study::find(std::int64_t id) {
  // Ids are assigned in order, so the id is normally the index.
  if (id >= 0 && static_cast<std::size_t>(id) < trials.size() &&
      trials[static_cast<std::size_t>(id)].id == id) {
    return &trials[static_cast<std::size_t>(id)];
  }
  for (Trial& t : trials) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

std::size_t Study::count(TrialState state) const {
  std::size_t n = 0;
  for (const Trial& t : trials) n += t.state == state ? 1 : 0;
  return n;
}

std::optional<std::size_t> Study::incumbent() const {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < trials.size(); ++i) {
    if (!trials[i].is_complete()) continue;
    if (!best || trials[i].value < trials[*best].value) best = i;
  }
  return best;
}

std::vector<const Trial*> Study::completed_in_order() const {
  std::vector<const Trial*> complete;
  for (const Trial& t : trials) {
    if (t.is_complete()) complete.push_back(&t);
  }
  std::stable_sort(complete.begin(), complete.end(),
                   [](const Trial* a, const Trial* b) { return a->finished < b->finished; });
  return complete;
}

double Study::training_seconds() const {
  double total = 0.0;
  for (const Trial& t : trials) total += t.training_seconds();
  return total;
}

double Study::wall_seconds() const {
  double first = INFINITY, last = -INFINITY;
  for (const Trial& t : trials) {
    if (std::isfinite(t.started)) first = std::min(first, t.started);
    if (std::isfinite(t.finished)) last = std::max(last, t.finished);
  }
  return last > first ? last - first : kNaN;
}

}  // namespace fermata
