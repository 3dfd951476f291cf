#pragma once
// Blocking work (store calls: SQLite, fsync, blob reads) runs on a bounded
// pool of threads, never on an I/O thread (DESIGN.md "Concurrency").
// A coroutine awaits run(pool, fn): fn runs on a worker, and the coroutine
// resumes on its own executor with fn's result. When more than `max_queued`
// jobs wait, run() does not queue: it returns std::nullopt at once, and the
// caller answers NO [UNAVAILABLE] instead of letting a queue grow without end.
#include <atomic>
#include <optional>
#include <type_traits>

#include "net/asio.hpp"

namespace cairn::imap {

class worker_pool {
 public:
  worker_pool(unsigned threads, unsigned max_queued) : pool_(threads), max_queued_(max_queued) {}
  ~worker_pool() { stop(); }
  void stop() {
    pool_.stop();
    pool_.join();
  }

  // `fn` is referenced, not copied: callers pass it in the co_await
  // expression, so it outlives the call, and it may capture the caller's
  // locals by reference ([&]), since the caller waits for it.
  //
  // Rule for the whole code base (docs/cpp-notes.md): never write a lambda
  // that captures by value as a temporary inside a co_await expression.
  // g++ 12.2 destroys its captures twice (checked with a probe object;
  // by-reference captures, named lambdas and other temporaries are fine).
  template <class F>
  net::awaitable<std::optional<std::invoke_result_t<F&>>> run(F& fn) {
    using R = std::invoke_result_t<F&>;
    if (queued_.load(std::memory_order_relaxed) >= max_queued_) co_return std::nullopt;
    ++queued_;
    auto ex = co_await net::asio::this_coro::executor;
    std::optional<R> out;
    co_await net::asio::async_initiate<const net::asio::use_awaitable_t<>&, void()>(
        [this, &fn, &out, ex](auto handler) mutable {
          auto work = net::asio::make_work_guard(ex);
          net::asio::post(pool_, [this, &fn, &out, h = std::move(handler), work = std::move(work)]() mutable {
            out.emplace(fn());
            --queued_;
            auto e = work.get_executor();
            net::asio::post(e, [h = std::move(h)]() mutable { std::move(h)(); });
          });
        },
        net::asio::use_awaitable);
    co_return out;
  }

  // Fire and forget (housekeeping such as purging expunged messages):
  // dropped when the queue is full, since it will be asked for again.
  template <class F>
  bool post(F&& fn) {
    if (queued_.load(std::memory_order_relaxed) >= max_queued_) return false;
    ++queued_;
    net::asio::post(pool_, [this, f = std::forward<F>(fn)]() mutable {
      {
        // The job and its captures (an account it holds open, say) are
        // gone before the count drops: queued() == 0 means idle.
        std::decay_t<F> job = std::move(f);
        job();
      }
      --queued_;
    });
    return true;
  }

  // Jobs queued or running (a posted job counts until its captures are
  // destroyed).
  unsigned queued() const { return queued_.load(); }

 private:
  net::asio::thread_pool pool_;
  unsigned max_queued_;
  std::atomic<unsigned> queued_{0};
};

}  // namespace cairn::imap
