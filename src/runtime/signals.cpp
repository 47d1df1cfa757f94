#include <fermata/runtime/signals.hpp>

#include <csignal>
#include <initializer_list>

namespace fermata {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_stop_signal(int signal) {
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

int stop_signal_received() {
  return g_signal;
}

void reset_stop_signal() {
  g_signal = 0;
}

}  // namespace fermata
