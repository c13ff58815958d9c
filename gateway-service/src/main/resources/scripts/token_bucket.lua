-- Token bucket, atomic in Redis. KEYS[1] = bucket; ARGV = capacity, tokens per second, cost,
-- and optionally the lease: how many tokens the gateway would like to take at once (at least
-- the cost), to spend locally on the caller's next requests (RateLimiter, LeasedTokens).
-- Time comes from the Redis server so that every gateway instance agrees on it.
-- Returns {allowed (0/1), remaining tokens (floored), retry after ms, ms until full, tokens
-- taken}: the lease when the bucket holds it, else every whole token left (at least the cost).
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local lease = math.max(cost, tonumber(ARGV[4] or ARGV[3]))
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate / 1000)
local allowed = 0
local retry = 0
local taken = 0
if tokens >= cost then
  taken = math.max(cost, math.min(lease, math.floor(tokens)))
  tokens = tokens - taken
  allowed = 1
else
  retry = math.ceil((math.min(cost, capacity) - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
return {allowed, math.floor(tokens), retry, math.ceil((capacity - tokens) * 1000 / rate), taken}
