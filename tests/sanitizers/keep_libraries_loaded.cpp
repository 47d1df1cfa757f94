// Preloaded into every process of the sanitizer test runs (cluster/sanitize.sh): makes
// dlclose() keep the library loaded. Open MPI unloads its components (and libpmix with them)
// in MPI_Finalize, before LeakSanitizer runs at exit; a block one of them never freed then
// shows up with a stack of "<unknown module>" frames that no suppression can match. Kept
// loaded, those frames name the library, and tests/sanitizers/lsan.supp can say why it is
// not fermata's. ThreadSanitizer, for its part, ends a process when a library named by a
// called_from_lib suppression is unloaded. Built without sanitizers, so it loads into
// uninstrumented programs too.
extern "C" int dlclose(void* handle) {
  static_cast<void>(handle);
  return 0;
}
