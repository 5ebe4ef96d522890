package dev.lockstep.training;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a deliberately slow model with the example fraud model's interface (input {@code input}
 * float [batch, 6], output {@code output} float [batch, 2]): a {@code Loop} of {@code trips} additions runs
 * before a matrix product whose result does not depend on it. Serving's inference-timeout test needs a
 * model that really takes longer than its deadline.
 *
 * <p>Run: {@code model-training/examples/make-example-models.sh} ({@code main(out.onnx, trips)}).
 */
public final class SlowModel {

    private SlowModel() {
    }

    public static void main(String[] args) throws IOException {
        Files.write(Path.of(args[0]), model(Long.parseLong(args[1])).toByteArray());
    }

    static ModelProto model(long trips) {
        GraphProto body = GraphProto.newBuilder().setName("spin")
                .addInput(scalar("i", TensorProto.DataType.INT64)).addInput(scalar("c_in", TensorProto.DataType.BOOL))
                .addInput(scalar("x_in", TensorProto.DataType.FLOAT))
                .addInitializer(TensorProto.newBuilder().setName("b_one").setDataType(TensorProto.DataType.FLOAT_VALUE)
                        .addFloatData(1f))
                .addNode(node("Identity", "c_in", "c_out"))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("x_in").addInput("b_one").addOutput("x_out"))
                .addOutput(scalar("c_out", TensorProto.DataType.BOOL)).addOutput(scalar("x_out", TensorProto.DataType.FLOAT))
                .build();
        TensorProto.Builder weights = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(6).addDims(2);
        for (int i = 0; i < 12; i++) {
            weights.addFloatData(i % 2 == 0 ? 0.001f : -0.001f);
        }
        GraphProto graph = GraphProto.newBuilder().setName("slow")
                .addInput(matrix("input", 6)).addOutput(matrix("output", 2))
                .addInitializer(TensorProto.newBuilder().setName("trips").setDataType(TensorProto.DataType.INT64_VALUE)
                        .addInt64Data(trips))
                .addInitializer(TensorProto.newBuilder().setName("go").setDataType(TensorProto.DataType.BOOL_VALUE)
                        .addInt32Data(1))
                .addInitializer(TensorProto.newBuilder().setName("zero").setDataType(TensorProto.DataType.FLOAT_VALUE)
                        .addFloatData(0f))
                .addInitializer(weights)
                .addNode(NodeProto.newBuilder().setOpType("Loop").addInput("trips").addInput("go").addInput("zero")
                        .addOutput("spun").addAttribute(AttributeProto.newBuilder().setName("body")
                                .setType(AttributeProto.AttributeType.GRAPH).setG(body)))
                .addNode(NodeProto.newBuilder().setOpType("Mul").addInput("spun").addInput("zero").addOutput("nothing"))
                .addNode(NodeProto.newBuilder().setOpType("MatMul").addInput("input").addInput("w").addOutput("product"))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("product").addInput("nothing").addOutput("output"))
                .build();
        return ModelProto.newBuilder().setIrVersion(7).setProducerName("lockstep SlowModel")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(graph).build();
    }

    private static NodeProto node(String op, String in, String out) {
        return NodeProto.newBuilder().setOpType(op).addInput(in).addOutput(out).build();
    }

    private static ValueInfoProto scalar(String name, TensorProto.DataType type) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(TensorShapeProto.newBuilder()))).build();
    }

    private static ValueInfoProto matrix(String name, int columns) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(
                        TensorShapeProto.newBuilder()
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(columns))))).build();
    }
}
