-- Forward-only heartbeat: stores <watermark>:<published_at> in one hash field only if it is later, by
-- (watermark, published_at), than what is there, so a zombie writer cannot move a watermark back.
--
-- KEYS[1]  the heartbeat hash;  ARGV  field, watermark_ms, published_at_ms (non-negative decimals)
-- returns  1 if stored, 0 if an equal or later heartbeat was already there

local function compare(a, b)
  if #a ~= #b then return #a < #b and -1 or 1 end
  if a == b then return 0 end
  return a < b and -1 or 1
end

local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored then
  local wm, pub = string.match(stored, '^(%d+):(%d+)$')
  local by_watermark = compare(ARGV[2], wm)
  if by_watermark < 0 or (by_watermark == 0 and compare(ARGV[3], pub) <= 0) then
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
return 1
