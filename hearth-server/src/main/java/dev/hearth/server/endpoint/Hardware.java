package dev.hearth.server.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hardware this installation offers, in the shape of {@code GET /v2/provider/{namespace}}: one vendor and region
 * for the local machine, with CPU computes sized by threads ({@code x1}, {@code x2}, {@code x4}, ... up to the cores).
 *
 * <p>A size names the threads asked for; a replica gets that many, but never more than the cores less the
 * reserved ones (at least one). The sizes offered do not depend on the reservation, so an endpoint stored under one
 * setting stays valid under another; {@code numCpus} says what a replica of that size really gets.
 */
public final class Hardware {

    public static final String VENDOR = "hearth";
    public static final String REGION = "local";
    public static final String ACCELERATOR = "cpu";
    public static final String INSTANCE_TYPE = "cpu";

    /** One offered compute; {@code threads} is what the worker gets ({@code --threads}). */
    public record Compute(String instanceSize, int threads, double memoryGb) {
        public String id() {
            return VENDOR + "-" + REGION + "-" + INSTANCE_TYPE + "-" + instanceSize;
        }
    }

    private final List<Compute> computes;

    /**
     * @param cores         the machine's cores
     * @param reservedCores cores left to everything else: no replica's engine gets a thread on them
     */
    public Hardware(int cores, int reservedCores, double memoryGb) {
        int usable = Math.max(1, cores - Math.max(0, reservedCores));
        List<Compute> list = new ArrayList<>();
        for (int size = 1; size <= Math.max(1, cores); size *= 2) list.add(new Compute("x" + size, Math.min(size, usable), memoryGb));
        this.computes = List.copyOf(list);
    }

    public static Hardware ofThisMachine(int reservedCores) {
        long bytes = Runtime.getRuntime().maxMemory();
        try {
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            bytes = os.getTotalMemorySize();
        } catch (ClassCastException ignored) {
            // Not a HotSpot-style JVM: the heap limit is a poor but safe stand-in.
        }
        return new Hardware(Runtime.getRuntime().availableProcessors(), reservedCores, Math.round(bytes / 1e9 * 10) / 10.0);
    }

    public List<Compute> computes() {
        return computes;
    }

    /** The compute named by a create or update, or empty when it is not offered. */
    public Optional<Compute> find(String vendor, String region, String accelerator, String instanceType, String instanceSize) {
        if (!VENDOR.equals(vendor) || !REGION.equals(region) || !ACCELERATOR.equals(accelerator)
                || !INSTANCE_TYPE.equals(instanceType)) return Optional.empty();
        return computes.stream().filter(c -> c.instanceSize().equals(instanceSize)).findFirst();
    }

    /** What to tell a user who named something not offered. */
    public String describeValid() {
        return "valid: provider.vendor=\"" + VENDOR + "\", provider.region=\"" + REGION + "\", compute.accelerator=\""
                + ACCELERATOR + "\", compute.instanceType=\"" + INSTANCE_TYPE + "\", compute.instanceSize one of "
                + computes.stream().map(c -> "\"" + c.instanceSize() + "\"").toList();
    }

    public JsonNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ArrayNode list = f.arrayNode();
        for (Compute c : computes) {
            ObjectNode o = list.addObject();
            o.put("id", c.id());
            o.put("accelerator", ACCELERATOR);
            o.put("numAccelerators", c.threads());
            o.put("numCpus", c.threads());
            o.put("memoryGb", c.memoryGb());
            o.putNull("gpuMemoryGb");
            o.put("instanceType", INSTANCE_TYPE);
            o.put("instanceSize", c.instanceSize());
            o.put("architecture", System.getProperty("os.arch"));
            o.put("status", "available");
            o.put("pricePerHour", 0.0);
            ObjectNode quota = o.putObject("quota");
            quota.put("maxAccelerators", computes.getLast().threads() * 64);
            quota.put("usedAccelerators", 0);
        }
        ObjectNode root = f.objectNode();
        ObjectNode vendor = root.putArray("vendors").addObject();
        vendor.put("name", VENDOR);
        vendor.put("status", "available");
        ObjectNode region = vendor.putArray("regions").addObject();
        region.put("name", REGION);
        region.put("label", "This machine");
        region.put("status", "available");
        region.set("computes", list);
        return root;
    }
}
