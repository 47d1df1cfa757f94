// The numeric stopping options, declared once. A new option is one row here and its key in
// the list of each criterion that reads it (criterion_factory.cpp).
#include <fermata/stopping/options.hpp>

#include <stdexcept>

#include <fmt/format.h>

#include <fermata/stopping/settings.hpp>

namespace fermata {
namespace {

constexpr double kHuge = 1e308;

StoppingOption integer_at_least(std::string key, double value, double low, std::string doc) {
  return {std::move(key), value, true, low, kHuge, false, false, std::move(doc)};
}

StoppingOption number(std::string key, double value, double low, double high, bool low_open,
                      bool high_open, std::string doc) {
  return {std::move(key), value, false, low, high, low_open, high_open, std::move(doc)};
}

}  // namespace

const std::vector<StoppingOption>& stopping_options() {
  static const std::vector<StoppingOption> all = {
      integer_at_least("min_trials", 20, 1, "no criterion stops before this many trials"),
      number("error_scale", 1.0, 0, kHuge, true, false,
             "ε = error_scale · sqrt((1/k + n_val/n_train) s²); the paper also uses 0.5"),
      number("top_fraction", 0.5, 0, 1, true, false,
             "the regret bound's GP is fitted to this fraction of the best trials"),
      number("delta", 0.1, 0, 1, true, true, "β = 2 ln(d m² π² / (6δ)) / 5"),
      integer_at_least("patience", 30, 1,
                       "patience stops after this many trials without a new incumbent"),
      // 0 means "not chosen": static needs it > 0, ei/pi-threshold may take it (parse_stopping).
      number("threshold", 0.0, 0, kHuge, false, false,
             "static stops when r̄ falls below it (0: not set)"),
      // 1e-3 is a tenth of a percentage point of error rate: below the statistical error of a
      // k-fold estimate on any dataset of fewer than ~10⁵ rows (sqrt(p(1−p)/N) ≈ 1e-3 for
      // p = 0.05, N = 5·10⁴), so an expected gain that small cannot be told from noise.
      number("ei_threshold", 1e-3, 0, kHuge, true, false,
             "ei-threshold stops when the largest expected improvement falls below it "
             "(objective units)"),
      // 0.01, a 1% chance that any configuration beats the incumbent, is the value Ishibashi
      // et al. (2023) used for this baseline of Lorenz et al. (2016).
      number("pi_threshold", 0.01, 0, 1, true, true,
             "pi-threshold stops when the largest probability of improvement falls below it"),
      // 0 takes Optuna's rule (its MedianErrorEvaluator): 1% of the median EMMR over the 20
      // histories that start after 10 warm-up trials.
      number("emmr_threshold", 0.0, 0, kHuge, false, false,
             "emmr stops when the EMMR falls below it (0: Optuna's median rule)"),
      number("floor_per_dim", 10.0, 0, kHuge, false, false,
             "robust-regret-bound: the top set holds at least max(20, floor_per_dim · d) trials"),
      number("support", 0.5, 0, 1, true, false,
             "robust-regret-bound: the LCB minimum is searched where the posterior sd is at most "
             "this fraction of the prior sd (1: the whole space)"),
      integer_at_least("samples", 1, 1,
                       "robust-regret-bound: r̄ is averaged over this many draws of the GP "
                       "hyperparameters from their posterior (1: the MAP fit)"),
      integer_at_least("consecutive", 5, 1,
                       "robust-regret-bound: r̄ < ε must hold on this many consecutive trials"),
  };
  return all;
}

const StoppingOption* find_stopping_option(const std::string& key) {
  for (const StoppingOption& option : stopping_options()) {
    if (option.key == key) return &option;
  }
  return nullptr;
}

bool StoppingOption::accepts(double value) const {
  if (integer && value != static_cast<double>(static_cast<long long>(value))) return false;
  const bool above_low = low_open ? value > low : value >= low;
  const bool below_high = high_open ? value < high : value <= high;
  return above_low && below_high;
}

std::string StoppingOption::range() const {
  const std::string what = integer ? "an integer" : "a number";
  if (high >= kHuge) return fmt::format("{} {} {}", what, low_open ? ">" : ">=", low);
  return fmt::format("{} in {}{}, {}{}", what, low_open ? "(" : "[", low, high,
                     high_open ? ")" : "]");
}

double StoppingSettings::number(const std::string& key) const {
  const auto it = values.find(key);
  if (it != values.end()) return it->second;
  const StoppingOption* option = find_stopping_option(key);
  if (option == nullptr) throw std::logic_error("undeclared stopping option '" + key + "'");
  return option->default_value;
}

int StoppingSettings::integer(const std::string& key) const {
  return static_cast<int>(number(key));
}

void StoppingSettings::set(const std::string& key, double value) {
  if (find_stopping_option(key) == nullptr) {
    throw std::logic_error("undeclared stopping option '" + key + "'");
  }
  values[key] = value;
}

}  // namespace fermata
