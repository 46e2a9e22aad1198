-- wrk script: every request sends one complete questionnaire with a fresh single-use link, as the send
-- button of the check page does: the link's code in the address is all it carries (no cookie, no token).
-- Each thread takes its own share of the codes in CODES_FILE.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file = os.getenv("CODES_FILE")
  local total_threads = tonumber(os.getenv("THREADS"))
  codes = {}
  local index = 0
  for line in io.lines(file) do
    if index % total_threads == id then table.insert(codes, line) end
    index = index + 1
  end
  position = 0
  sent = 0
  acknowledged = 0
  failed = 0
  exhausted = 0
  wrk.method = "POST"
  wrk.body = ""
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  position = position + 1
  if position > #codes then
    -- Out of fresh links: send a used one, which changes nothing (counted apart).
    exhausted = exhausted + 1
    return wrk.format(nil, "/vragenlijst/" .. codes[1] .. "/versturen")
  end
  sent = sent + 1
  return wrk.format(nil, "/vragenlijst/" .. codes[position] .. "/versturen")
end

function response(status, headers, body)
  if status == 303 then acknowledged = acknowledged + 1 else failed = failed + 1 end
end

function done(summary, latency, requests)
  local s, a, f, e = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    s = s + thread:get("sent")
    a = a + thread:get("acknowledged")
    f = f + thread:get("failed")
    e = e + thread:get("exhausted")
  end
  io.write(string.format("SUBMIT sent=%d acknowledged=%d failed=%d exhausted=%d\n", s, a, f, e))
end
