-- Version-guarded tile write and cleanup for one (group, entity) hash, atomic because Redis runs a
-- script without interleaving. Written by dev.lockstep.store.internal.TileGuardScript; layout in the
-- online-store README.
--
-- KEYS[1]  the entity hash
-- ARGV     now_ms, ttl_ms (-1: leave the TTL alone), hop_count, {hop_ms, retention_ms} x hop_count,
--          then {hop_ms, index, version, ir_bytes} per tile (possibly none: cleanup only)
-- returns  {written, skipped_not_newer, skipped_expired, tiles_removed}

-- Versions are compared as decimal strings (non-negative, no leading zeros), not Lua numbers: a Lua
-- number is a double and would round versions above 2^53.
local function is_newer(candidate, stored)
  if not stored then return true end
  if #candidate ~= #stored then return #candidate > #stored end
  return candidate > stored
end

local key = KEYS[1]
local now = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local hop_count = tonumber(ARGV[3])
local oldest_end = {}
local i = 4
for _ = 1, hop_count do
  oldest_end[ARGV[i]] = now - tonumber(ARGV[i + 1])
  i = i + 2
end

local function expired(hop, index)
  local limit = oldest_end[hop]
  return limit ~= nil and (tonumber(index) + 1) * tonumber(hop) < limit
end

local written, not_newer, skipped_expired, added = 0, 0, 0, 0
local cleanup_only = i > #ARGV
while i <= #ARGV do
  local hop, index, version, ir = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  i = i + 4
  if expired(hop, index) then
    skipped_expired = skipped_expired + 1
  else
    local suffix = hop .. ':' .. index
    if is_newer(version, redis.call('HGET', key, 'v:' .. suffix)) then
      added = added + redis.call('HSET', key, 't:' .. suffix, ir, 'v:' .. suffix, version)
      written = written + 1
    else
      not_newer = not_newer + 1
    end
  end
end

-- Drop fields of tiles no read can need. Fields of hops the caller did not name are left alone. Only
-- when this call added a tile (or was asked for cleanup alone): a hash grows only by added tiles, so
-- that bounds it, and updates of existing tiles (most writes) skip the walk over every field.
local removed = 0
if cleanup_only or added > 0 then
  for _, field in ipairs(redis.call('HKEYS', key)) do
    local kind, hop, index = string.match(field, '^([tv]):(%d+):(%-?%d+)$')
    if kind and expired(hop, index) then
      redis.call('HDEL', key, field)
      if kind == 't' then removed = removed + 1 end
    end
  end
end

if ttl >= 0 and redis.call('EXISTS', key) == 1 then
  redis.call('PEXPIRE', key, ttl)
end
return {written, not_newer, skipped_expired, removed}
