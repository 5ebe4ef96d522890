-- Version-guarded tile write and cleanup for one (group, entity) hash, atomic because Redis runs a
-- script without interleaving. Called by dev.lockstep.store.RedisOnlineStore (arguments built by
-- dev.lockstep.store.internal.TileGuardCall); layout in the online-store README.
--
-- KEYS[1]  the entity hash
-- ARGV     ttl_ms (-1: leave the TTL alone), hop_count, distinct (1: no tile appears twice in the call,
--          else 0), {l:<hop_ms>, first_live_index} x hop_count, then {tile_field, ir_bytes,
--          version_field, version} per tile (possibly none: cleanup only), all in HSET's field-value
--          order. first_live_index is the oldest index of the hop still within its retention at the
--          caller's clock; the caller leaves out older tiles.
-- returns  {written, skipped_not_newer, tiles_removed}
--
-- Besides t:<hop>:<index> (tile) and v:<hop>:<index> (version), the hash keeps l:<hop>, a lower bound
-- of the indexes of that hop's stored tiles. Cleanup then deletes the fields of the indexes from the
-- bound up to first_live_index by name, instead of walking every field of the hash: the walk cost Redis
-- ~1.6 us per field, ~200 us for a card with a month of hourly events, on every event that opened a tile.

-- Versions are compared as decimal strings (non-negative, no leading zeros), not Lua numbers: a Lua
-- number is a double and would round versions above 2^53.
local function is_newer(candidate, stored)
  if not stored then return true end
  if #candidate ~= #stored then return #candidate > #stored end
  return candidate > stored
end

-- Field names are built by Lua's number formatting (%.14g): exact for integers below 1e14 only.
local EXACT = 1e14

local key = KEYS[1]
local keep_ttl = ARGV[1] == '-1'
local hop_count = tonumber(ARGV[2])
local distinct = ARGV[3] == '1'
-- Each hop's bound field and first live index, in HSET's field-value order: a new key's bounds.
local bounds_first = 4
local bound_fields, live_from = {}, {}
for h = 1, hop_count do
  local at = bounds_first + (h - 1) * 2
  bound_fields[h], live_from[h] = ARGV[at], ARGV[at + 1]
end
local first = bounds_first + hop_count * 2
local cleanup_only = first > #ARGV
local existed = redis.call('EXISTS', key) == 1
if cleanup_only and not existed then return {0, 0, 0} end

-- One HMGET for every stored version and one HSET for every write.
local written, not_newer, added = 0, 0, 0
if not cleanup_only and not existed and distinct then
  -- A new key and no tile twice: every tile is newer than nothing, and the arguments (bounds, then
  -- tiles) are already in HSET's order, so no Lua table is built (most of a fresh backfill's Redis time
  -- went there). Nothing was stored before, and the caller writes no tile below its first live index.
  written = (#ARGV - first + 1) / 4
  redis.call('HSET', key, unpack(ARGV, bounds_first, #ARGV))
elseif not cleanup_only then
  local fields = {}
  for t = first, #ARGV, 4 do fields[#fields + 1] = ARGV[t + 2] end
  local stored = {}
  if existed then stored = redis.call('HMGET', key, unpack(fields)) end
  -- The newest version per tile so far: stored, then as written earlier in this call.
  local current, chosen = {}, {}
  for n = 1, #fields do
    local t = first + (n - 1) * 4
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
    local writes = {}
    if not existed then
      -- A new key's bounds, as in the branch above.
      for h = 1, hop_count do
        writes[#writes + 1] = bound_fields[h]
        writes[#writes + 1] = live_from[h]
      end
    end
    for _, t in pairs(chosen) do
      writes[#writes + 1] = ARGV[t]
      writes[#writes + 1] = ARGV[t + 1]
      writes[#writes + 1] = ARGV[t + 2]
      writes[#writes + 1] = ARGV[t + 3]
    end
    added = redis.call('HSET', key, unpack(writes))
  end
end

-- The hops' bounds to store, by hop position (nil: unchanged).
local new_bound = {}
local removed = 0
if existed and (cleanup_only or added > 0) then
  -- Drop fields of tiles no read can need. Fields of hops the caller did not name are left alone. Only
  -- when this call added a tile to a key that existed (or was asked for cleanup alone): a hash grows
  -- only by added tiles, so that bounds it, and updates of existing tiles (most writes) skip it and
  -- never read the bounds either: a tile they update is stored, so at or above its hop's bound.
  local bounds = redis.call('HMGET', key, unpack(bound_fields))
  local known, hops, low, high = true, {}, {}, {}
  for h = 1, hop_count do
    hops[h] = string.sub(bound_fields[h], 3) -- l:<hop>
    low[h], high[h] = tonumber(bounds[h]), tonumber(live_from[h])
    if low[h] == nil then
      known = false -- a key written before bounds were kept (or a corrupt bound): walk it once
    elseif added > 0 and high[h] < low[h] then
      -- A writer whose clock is behind the one that set the bound may have added a tile below it.
      low[h] = high[h]
      new_bound[h] = live_from[h]
    end
  end
  local walk = not known
  local doomed_tiles, doomed_versions = {}, {}
  if known then
    local candidates = 0
    for h = 1, hop_count do
      if low[h] < high[h] then
        candidates = candidates + (high[h] - low[h])
        if low[h] <= -EXACT or high[h] >= EXACT then walk = true end
      end
    end
    -- By name only while that is cheaper than the walk (an entity idle for long has a wide gap).
    if candidates > 0 and not walk and candidates <= math.min(1000, redis.call('HLEN', key)) then
      for h = 1, hop_count do
        for index = low[h], high[h] - 1 do
          doomed_tiles[#doomed_tiles + 1] = 't:' .. hops[h] .. ':' .. index
          doomed_versions[#doomed_versions + 1] = 'v:' .. hops[h] .. ':' .. index
        end
        if low[h] < high[h] then new_bound[h] = live_from[h] end
      end
    elseif candidates > 0 then
      walk = true
    end
  end
  if walk then
    local cutoff_of = {}
    for h = 1, hop_count do cutoff_of[hops[h]] = high[h] end
    for _, field in ipairs(redis.call('HKEYS', key)) do
      local kind, hop, index = string.match(field, '^([tv]):(%d+):(%-?%d+)$')
      if kind then
        local cutoff = cutoff_of[hop]
        if cutoff ~= nil and tonumber(index) < cutoff then
          if kind == 't' then doomed_tiles[#doomed_tiles + 1] = field
          else doomed_versions[#doomed_versions + 1] = field end
        end
      end
    end
    for h = 1, hop_count do new_bound[h] = live_from[h] end
  end
  -- In slices: unpack is limited by Lua's C stack (8,000 values).
  for from = 1, #doomed_tiles, 1000 do
    removed = removed + redis.call('HDEL', key, unpack(doomed_tiles, from, math.min(#doomed_tiles, from + 999)))
  end
  for from = 1, #doomed_versions, 1000 do
    redis.call('HDEL', key, unpack(doomed_versions, from, math.min(#doomed_versions, from + 999)))
  end
end

local bound_writes = {}
for h = 1, hop_count do
  if new_bound[h] ~= nil then
    bound_writes[#bound_writes + 1] = bound_fields[h]
    bound_writes[#bound_writes + 1] = new_bound[h]
  end
end
if #bound_writes > 0 then
  redis.call('HSET', key, unpack(bound_writes))
end
-- A hash left with nothing but the hops' bounds holds no tile: remove it, as Redis removes an empty hash.
if existed and (removed > 0 or cleanup_only) and redis.call('HLEN', key) <= hop_count then
  local rest = redis.call('HKEYS', key)
  local only_bounds = true
  for _, field in ipairs(rest) do
    if string.sub(field, 1, 2) ~= 'l:' then only_bounds = false end
  end
  if only_bounds then redis.call('DEL', key) end
end

if not keep_ttl and ((not existed and written > 0) or (existed and redis.call('EXISTS', key) == 1)) then
  redis.call('PEXPIRE', key, ARGV[1])
end
return {written, not_newer, removed}
