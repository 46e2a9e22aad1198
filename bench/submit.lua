-- wrk script: every request sends one complete questionnaire with a fresh single-use link, as the send
-- button of the check page does: the link's code in the address is all it carries (no cookie, no token).
-- Each thread takes its own share of the codes in CODES_FILE. The requests are made up front and there is
-- no per-response callback, so the client spends as little as possible of the two cores it shares with the
-- server: a response counts as acknowledged unless wrk counts it as an error (not 2xx or 3xx).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local total_threads = tonumber(os.getenv("THREADS"))
  requests = {}
  local index = 0
  wrk.method = "POST"
  wrk.body = ""
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  for line in io.lines(os.getenv("CODES_FILE")) do
    if index % total_threads == id then
      table.insert(requests, wrk.format(nil, "/vragenlijst/" .. line .. "/versturen"))
    end
    index = index + 1
  end
  position = 0
  sent = 0
  exhausted = 0
end

function request()
  position = position + 1
  if position > #requests then
    -- Out of fresh links: send a used one, which changes nothing (counted apart).
    exhausted = exhausted + 1
    return requests[1]
  end
  sent = sent + 1
  return requests[position]
end

function done(summary, latency, requests)
  local s, e = 0, 0
  for _, thread in ipairs(threads) do
    s = s + thread:get("sent")
    e = e + thread:get("exhausted")
  end
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  -- Used links sent after the fresh ones ran out are answered with the thank-you page too: not acknowledged sends.
  io.write(string.format("SUBMIT sent=%d acknowledged=%d failed=%d exhausted=%d\n", s, math.max(0, summary.requests - failed - e), failed, e))
end
