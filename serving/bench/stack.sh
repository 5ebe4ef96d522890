# Sourced by load.sh and threads.sh (from the repository root): builds the serving module's test classpath,
# starts Redis (redis-server from PATH), LoadFixture (card c1: a payment every hour for 31 days, heartbeats
# every 5 s) and ServingMain with the committed example model, and stops all three when the script exits.
# Reads SERVER_OPTS (extra server JVM options) and CLASSES (the server's compiled classes, default
# serving/target/classes); sets cp, work, redis_port, http_port, server (its pid), url and body.
./mvnw -o -B -q -pl serving -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
cp="serving/target/test-classes:${CLASSES:-serving/target/classes}:$(cat serving/target/bench-classpath.txt)"
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
redis_port=$(free_port)
http_port=$(free_port)
fixture=""; server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$fixture" ] && kill "$fixture" 2>/dev/null || true
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
}
trap cleanup EXIT

redis-server --port "$redis_port" --save '' --appendonly no --daemonize yes --pidfile "$work/redis.pid" > /dev/null
until redis-cli -p "$redis_port" ping > /dev/null 2>&1; do sleep 0.1; done
java -cp "$cp" dev.lockstep.serving.LoadFixture "redis://127.0.0.1:$redis_port" c1 > "$work/fixture.log" 2>&1 &
fixture=$!
until grep -q wrote "$work/fixture.log"; do sleep 0.2; done
LOCKSTEP_REDIS_URI="redis://127.0.0.1:$redis_port" LOCKSTEP_HTTP_PORT="$http_port" \
  LOCKSTEP_MODELS_DIR=serving/src/test/resources/models \
  java -Xmx1g ${SERVER_OPTS:-} -cp "$cp" dev.lockstep.serving.ServingMain > "$work/server.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$http_port/ready" > /dev/null; do sleep 0.2; done
url="http://127.0.0.1:$http_port/v1/predict/fraud"
body='{"entity": {"card_id": "c1"}, "request": {"amount": 250.0}}'
