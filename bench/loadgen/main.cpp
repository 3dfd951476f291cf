// cairn-loadgen: the load generator of the side-by-side benchmarks
// (bench/run.sh drives it; docs/benchmarks.md explains the scenarios).
//
//   cairn-loadgen SCENARIO --port P [--tls] [--pipeline] [options]
//
// Scenarios of issue 4: mixed, login, append, idle, bigbox; helpers: probe
// (which mixed-workload commands does this server support), load (fill
// accounts with generated mail), prime (one login per account), gen (write
// generated messages to files, to look at them).
// Later issues add theirs in scenarios.cpp and one line in the table below:
//   issue 5  fetch-structure (FETCH 1:500 (ENVELOPE BODYSTRUCTURE)), bigbody (BODY[] of 50 MB)
//   issue 6  store/copy/move/expunge at 1 and 16 clients, idle-fanout (APPEND -> 1,000 IDLE)
//   issue 8  search (FROM, SUBJECT, SINCE, UNSEEN, TEXT on the 100,000-message mailbox)
//   issue 9  sort/thread (SORT DATE, SUBJECT, REVERSE ARRIVAL PARTIAL, THREAD=REFERENCES)
//   issue 10 lmtp (deliveries per second)
// It prints one JSON object on standard output; progress on standard error.
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "run.hpp"

using namespace bench;

int main(int argc, char** argv) {
  options o;
  CLI::App app{"cairn-loadgen: IMAP load for the side-by-side benchmarks"};
  app.add_option("scenario", o.scenario, "mixed | login | append | idle | bigbox | probe | load | prime | gen")
      ->required();
  app.add_option("--server", o.server, "Label of the server under test (for the report)");
  app.add_option("--host", o.host, "Server address (loopback)");
  app.add_option("--port", o.port, "Server port");
  app.add_flag("--tls", o.tls, "Implicit TLS (the server's imaps port)");
  app.add_flag("--pipeline", o.pipeline, "Send independent commands together");
  app.add_option("--sources", o.sources, "Loopback source addresses 127.0.0.2 .. (1+N)");
  app.add_option("--threads", o.threads, "Threads (one io_context each)");
  app.add_option("--user-format", o.user_format, "Account names, printf with the index (user%03d)");
  app.add_option("--accounts", o.accounts, "Number of accounts");
  app.add_option("--first-account", o.first_account, "Index of the first account");
  app.add_option("--password", o.password, "Password; {user} is replaced by the account name");
  app.add_option("--seed", o.seed, "Seed of the generated mail and of the clients' choices");
  app.add_option("--server-pid", o.server_pid, "Server process (root of its process tree) for CPU and memory");
  app.add_option("--timeout", o.timeout, "Seconds any single wait may take");
  app.add_option("--clients", o.clients, "Concurrent clients (prime: concurrent logins)");
  app.add_option("--duration", o.duration, "Seconds measured");
  app.add_option("--warmup", o.warmup, "Seconds of load before measuring");
  app.add_option("--idle-ms", o.idle_ms, "mixed: milliseconds in IDLE per session");
  app.add_option("--rate", o.rate, "mixed: sessions started per second, open loop (0: closed loop)");
  app.add_option("--skip", o.skip, "mixed: commands left out (e.g. STORE EXPUNGE)")->delimiter(',');
  app.add_option("--pool", o.pool, "Messages pre-generated for APPEND");
  app.add_option("--window", o.window, "append --pipeline: APPENDs in flight per client");
  app.add_option("--account", o.account, "append, bigbox, load: the one account");
  app.add_option("--mailbox", o.mailbox, "append, bigbox: the mailbox");
  app.add_flag("--cleanup", o.cleanup, "append: delete the mailbox afterwards");
  app.add_option("--messages", o.messages, "load: messages into INBOX per account");
  app.add_option("--profile", o.profile, "load, gen: realistic | small");
  app.add_option("--batch", o.batch, "load: messages per MULTIAPPEND");
  app.add_option("--conns", o.conns, "load: accounts loaded at once");
  app.add_option("--folders", o.folders, "load: create the standard folders and fill Sent and Archive");
  app.add_option("--steps", o.steps, "idle: connection counts to measure at (1000,5000,15000)")->delimiter(',');
  app.add_option("--setup-concurrency", o.setup_concurrency, "idle: connections being set up at once");
  app.add_option("--settle", o.settle, "idle: seconds to wait before reading memory");
  app.add_option("--mem-reserve-mb", o.mem_reserve_mb, "idle: stop adding connections below this MemAvailable");
  app.add_option("--repeat", o.repeat, "bigbox: repetitions");
  app.add_option("--out", o.out_dir, "gen: folder for the .eml files");
  app.add_option("--count", o.count, "gen: messages");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    if (o.scenario == "gen") return scenario_gen(o);
    static const std::map<std::string, int (*)(run&)> scenarios = {
        {"mixed", scenario_mixed}, {"login", scenario_login}, {"append", scenario_append},
        {"idle", scenario_idle},   {"bigbox", scenario_bigbox}, {"probe", scenario_probe},
        {"load", scenario_load},   {"prime", scenario_prime},
    };
    auto it = scenarios.find(o.scenario);
    if (it == scenarios.end()) {
      std::cerr << "cairn-loadgen: unknown scenario " << o.scenario << "\n";
      return 64;
    }
    if (o.scenario == "idle" || o.scenario == "bigbox" || o.scenario == "probe" || o.scenario == "load" ||
        o.scenario == "prime")
      o.threads = 1;
    run r(o);
    return it->second(r);
  } catch (const std::exception& e) {
    std::cerr << "cairn-loadgen: " << e.what() << "\n";
    return 1;
  }
}
