-- Version-guarded tile write and cleanup for one (group, entity) hash, atomic because Redis runs a
-- script without interleaving. Called by dev.lockstep.store.RedisOnlineStore (arguments built by
-- dev.lockstep.store.internal.TileGuardCall); layout in the online-store README.
--
-- KEYS[1]  the entity hash
-- ARGV     now_ms, ttl_ms (-1: leave the TTL alone), hop_count, {hop_ms, retention_ms} x hop_count,
--          distinct (1: no tile appears twice in the call, else 0),
--          then {tile_field, ir_bytes, version_field, version} per tile, in HSET's field-value order
--          (possibly none: cleanup only). The caller leaves out tiles already past their hop's
--          retention at now_ms.
-- returns  {written, skipped_not_newer, tiles_removed}

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
local first = 4
for _ = 1, hop_count do
  oldest_end[ARGV[first]] = now - tonumber(ARGV[first + 1])
  first = first + 2
end
local distinct = ARGV[first] == '1'
first = first + 1
local cleanup_only = first > #ARGV
-- A key that did not exist holds only what this call writes, none of it expired: no cleanup walk.
local existed = cleanup_only or redis.call('EXISTS', key) == 1

-- One HMGET for every stored version and one HSET for every write, rather than a call per tile.
local written, not_newer, added = 0, 0, 0
if not cleanup_only and not existed and distinct then
  -- A new key and no tile twice: every tile is newer than nothing, and the arguments are already in
  -- HSET's order, so no Lua table is built (most of a fresh backfill's Redis time went there).
  written = (#ARGV - first + 1) / 4
  added = redis.call('HSET', key, unpack(ARGV, first, #ARGV))
elseif not cleanup_only then
  local stored = {}
  if existed then
    local version_fields = {}
    for t = first, #ARGV, 4 do version_fields[#version_fields + 1] = ARGV[t + 2] end
    stored = redis.call('HMGET', key, unpack(version_fields))
  end
  -- The newest version per tile so far: stored, then as written earlier in this call.
  local current, chosen, n = {}, {}, 0
  for t = first, #ARGV, 4 do
    n = n + 1
    local version_field, version = ARGV[t + 2], ARGV[t + 3]
    local against = current[version_field]
    if against == nil then against = stored[n] end
    if is_newer(version, against) then
      current[version_field] = version
      chosen[version_field] = t
      written = written + 1
    else
      not_newer = not_newer + 1
    end
  end
  if written > 0 then
    local fields = {}
    for _, t in pairs(chosen) do
      fields[#fields + 1] = ARGV[t]
      fields[#fields + 1] = ARGV[t + 1]
      fields[#fields + 1] = ARGV[t + 2]
      fields[#fields + 1] = ARGV[t + 3]
    end
    added = redis.call('HSET', key, unpack(fields))
  end
end

-- Drop fields of tiles no read can need. Fields of hops the caller did not name are left alone. Only
-- when this call added a tile to a key that existed (or was asked for cleanup alone): a hash grows
-- only by added tiles, so that bounds it, and updates of existing tiles (most writes) skip the walk.
local removed = 0
if cleanup_only or (existed and added > 0) then
  for _, field in ipairs(redis.call('HKEYS', key)) do
    local kind, hop, index = string.match(field, '^([tv]):(%d+):(%-?%d+)$')
    if kind then
      local limit = oldest_end[hop]
      if limit ~= nil and (tonumber(index) + 1) * tonumber(hop) < limit then
        redis.call('HDEL', key, field)
        if kind == 't' then removed = removed + 1 end
      end
    end
  end
end

if ttl >= 0 and ((not existed and written > 0) or (existed and redis.call('EXISTS', key) == 1)) then
  redis.call('PEXPIRE', key, ttl)
end
return {written, not_newer, removed}
