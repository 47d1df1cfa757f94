#include <fermata/comm/local.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>

namespace fermata {
namespace {

/// A blocking queue of encoded messages; `std::nullopt` payload means "stop".
template <class T>
class Queue {
 public:
  void push(T item) {
    {
      std::lock_guard lock(mutex_);
      items_.push_back(std::move(item));
    }
    ready_.notify_one();
  }
  T pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !items_.empty(); });
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }
  std::optional<T> pop_for(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, timeout, [&] { return !items_.empty(); })) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<T> items_;
};

struct Envelope {
  Incoming::Kind kind;
  int worker;
  std::string bytes;  // encoded ResultMessage, empty for kReady
};

}  // namespace

struct LocalHub::Impl {
  class Coordinator : public CoordinatorChannel {
   public:
    explicit Coordinator(Impl& hub) : hub_(hub) {}
    int worker_count() const override { return static_cast<int>(hub_.to_workers.size()); }
    std::optional<Incoming> poll(std::chrono::milliseconds timeout) override {
      auto envelope = hub_.to_coordinator.pop_for(timeout);
      if (!envelope) return std::nullopt;
      Incoming in;
      in.kind = envelope->kind;
      in.worker = envelope->worker;
      if (in.kind == Incoming::Kind::kResult) in.result = decode_result(envelope->bytes);
      return in;
    }
    void send_task(int worker, const TaskMessage& task) override {
      hub_.queue_of(worker).push(encode(task));
    }
    void send_stop(int worker) override { hub_.queue_of(worker).push(std::nullopt); }

   private:
    Impl& hub_;
  };

  class Worker : public WorkerChannel {
   public:
    Worker(Impl& hub, int id) : hub_(hub), id_(id) {}
    int worker_id() const override { return id_; }
    void send_ready() override { hub_.to_coordinator.push({Incoming::Kind::kReady, id_, {}}); }
    std::optional<TaskMessage> receive_task() override {
      auto bytes = hub_.queue_of(id_).pop();
      if (!bytes) return std::nullopt;
      return decode_task(*bytes);
    }
    void send_result(const ResultMessage& result) override {
      hub_.to_coordinator.push({Incoming::Kind::kResult, id_, encode(result)});
    }

   private:
    Impl& hub_;
    int id_;
  };

  explicit Impl(int workers) : to_workers(static_cast<std::size_t>(workers)), coordinator(*this) {
    for (int id = 1; id <= workers; ++id) worker_channels.emplace_back(*this, id);
  }

  Queue<std::optional<std::string>>& queue_of(int worker) {
    if (worker < 1 || worker > static_cast<int>(to_workers.size())) {
      throw std::out_of_range("no local worker " + std::to_string(worker));
    }
    return to_workers[static_cast<std::size_t>(worker - 1)];
  }

  Queue<Envelope> to_coordinator;
  std::deque<Queue<std::optional<std::string>>> to_workers;
  Coordinator coordinator;
  std::deque<Worker> worker_channels;
};

LocalHub::LocalHub(int workers) {
  if (workers < 1) throw std::invalid_argument("a local hub needs at least one worker");
  impl_ = std::make_unique<Impl>(workers);
}

LocalHub::~LocalHub() = default;

CoordinatorChannel& LocalHub::coordinator() {
  return impl_->coordinator;
}

WorkerChannel& LocalHub::worker(int id) {
  if (id < 1 || id > static_cast<int>(impl_->worker_channels.size())) {
    throw std::out_of_range("no local worker " + std::to_string(id));
  }
  return impl_->worker_channels[static_cast<std::size_t>(id - 1)];
}

}  // namespace fermata
