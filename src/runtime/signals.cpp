#include <fermata/runtime/signals.hpp>

#include <atomic>
#include <csignal>
#include <initializer_list>

namespace fermata {
namespace {

volatile std::sig_atomic_t g_signal = 0;
std::atomic<void (*)() noexcept> g_termination_hook{nullptr};

extern "C" void on_stop_signal(int signal) {
  if (signal == SIGTERM) {
    if (auto hook = g_termination_hook.load()) hook();
  }
  g_signal = signal;
}

}  // namespace

void install_stop_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (int signal : {SIGTERM, SIGINT, SIGUSR1, SIGUSR2}) sigaction(signal, &action, nullptr);
}

void set_termination_hook(void (*hook)() noexcept) {
  g_termination_hook.store(hook);
}

int stop_signal_received() {
  return g_signal;
}

void reset_stop_signal() {
  g_signal = 0;
}

}  // namespace fermata
