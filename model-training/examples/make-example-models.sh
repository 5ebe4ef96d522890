#!/usr/bin/env bash
# Rebuilds the example fraud models that serving's tests load (serving/src/test/resources/models/fraud/{1,2}):
# the engine computes the example training set (ExampleTrainingSet: seeded card histories, features read with
# WindowRead at each label time), then `train` fits two logistic regressions (different SGD seeds and epochs,
# so the two versions score differently) and writes model.onnx + manifest.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -o -B -q -pl model-training -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="model-training/target/test-classes:model-training/target/classes:$(cat model-training/target/cp.txt)"
out=serving/src/test/resources/models/fraud
csv=model-training/target/fraud-training-set.csv
java -cp "$cp" dev.lockstep.training.ExampleTrainingSet "$csv" 400
rm -rf "$out/1" "$out/2"
java -cp "$cp" dev.lockstep.training.TrainingMain train --training-set "$csv" --out "$out/1" \
  --service fraud_v1 --prediction fraud_probability --epochs 20 --seed 1
java -cp "$cp" dev.lockstep.training.TrainingMain train --training-set "$csv" --out "$out/2" \
  --service fraud_v1 --prediction fraud_probability --epochs 5 --seed 2
# A model with the same interface that spins a Loop of 2,000,000 additions first (~1.6 s here): serving's
# inference-timeout test needs a model that really is slower than its 50 ms deadline, also on a fast machine
# and with a late watchdog (50,000 additions took 71 ms on a quiet machine and once finished first).
mkdir -p serving/src/test/resources/models-slow
java -cp "$cp" dev.lockstep.training.SlowModel serving/src/test/resources/models-slow/model.onnx 2000000
