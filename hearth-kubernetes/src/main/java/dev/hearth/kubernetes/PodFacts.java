package dev.hearth.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a pod's status says about the replica it runs: ready or not, its IP, and whether it has failed and why, in
 * Kubernetes' own words ({@code CrashLoopBackOff}, {@code ImagePullBackOff}, {@code OOMKilled}, {@code Unschedulable}).
 */
record PodFacts(String name, String ip, boolean ready, boolean terminating, Optional<String> failure,
                Optional<Integer> exitCode, String phaseLine) {

    /** Waiting reasons that mean the container will not come up without a change (image, config, crash loop). */
    static final Set<String> FAILED_WAITING = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
            "InvalidImageName", "CreateContainerConfigError", "CreateContainerError");

    static PodFacts of(Pod pod) {
        var status = pod.getStatus();
        String name = pod.getMetadata().getName();
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        if (status == null) return new PodFacts(name, null, false, terminating, Optional.empty(), Optional.empty(), "pod " + name + " is pending");
        List<PodCondition> conditions = status.getConditions() == null ? List.of() : status.getConditions();
        List<ContainerStatus> containers = status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses();
        boolean ready = conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return new PodFacts(name, blankToNull(status.getPodIP()), ready, terminating,
                failure(status.getPhase(), status.getReason(), status.getMessage(), conditions, containers),
                exitCode(containers), phaseLine(name, status.getPhase(), conditions, containers));
    }

    private static Optional<String> failure(String phase, String reason, String message, List<PodCondition> conditions,
                                            List<ContainerStatus> containers) {
        for (ContainerStatus c : containers) {
            ContainerStateWaiting waiting = c.getState() == null ? null : c.getState().getWaiting();
            if (waiting != null && FAILED_WAITING.contains(waiting.getReason())) {
                String last = lastTermination(c).map(t -> " (last exit: " + t.getReason() + ", exit code " + t.getExitCode() + ")")
                        .orElse("");
                return Optional.of(waiting.getReason() + last + withMessage(waiting.getMessage()));
            }
            ContainerStateTerminated terminated = c.getState() == null ? null : c.getState().getTerminated();
            if (terminated != null && "OOMKilled".equals(terminated.getReason())) {
                return Optional.of("OOMKilled (exit code " + terminated.getExitCode() + ")");
            }
            if (lastTermination(c).filter(t -> "OOMKilled".equals(t.getReason())).isPresent()) {
                return Optional.of("OOMKilled (exit code " + lastTermination(c).get().getExitCode() + ")");
            }
        }
        for (PodCondition c : conditions) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())) {
                return Optional.of("Unschedulable" + withMessage(c.getMessage()));
            }
        }
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            return Optional.of((reason == null ? "pod " + phase.toLowerCase() : reason) + withMessage(message));
        }
        return Optional.empty();
    }

    private static Optional<ContainerStateTerminated> lastTermination(ContainerStatus c) {
        return Optional.ofNullable(c.getLastState()).map(s -> s.getTerminated());
    }

    private static Optional<Integer> exitCode(List<ContainerStatus> containers) {
        for (ContainerStatus c : containers) {
            if (c.getState() != null && c.getState().getTerminated() != null) {
                return Optional.ofNullable(c.getState().getTerminated().getExitCode());
            }
            Optional<Integer> last = lastTermination(c).map(ContainerStateTerminated::getExitCode);
            if (last.isPresent()) return last;
        }
        return Optional.empty();
    }

    /** One line for the endpoint's status while the pod is not up: its phase and what it waits for. */
    private static String phaseLine(String name, String phase, List<PodCondition> conditions, List<ContainerStatus> containers) {
        StringBuilder line = new StringBuilder("pod ").append(name).append(" is ").append(phase == null ? "Pending" : phase);
        for (ContainerStatus c : containers) {
            ContainerStateWaiting waiting = c.getState() == null ? null : c.getState().getWaiting();
            if (waiting != null && waiting.getReason() != null) line.append(" (").append(waiting.getReason()).append(')');
        }
        return line.toString();
    }

    /** Whether the container has started, so that it has a log to read. */
    boolean hasLog() {
        return ip != null && !phaseLine.contains("(ContainerCreating)") && !phaseLine.contains("is Pending");
    }

    private static String withMessage(String message) {
        return message == null || message.isBlank() ? "" : ": " + message;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
