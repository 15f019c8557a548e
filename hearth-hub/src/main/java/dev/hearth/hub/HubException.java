package dev.hearth.hub;

/**
 * Why a Hub operation failed. The Hub names most failures in its {@code X-Error-Code} header; {@link #of} turns an
 * HTTP answer into the matching type, so callers switch on the type and never on status codes.
 */
public sealed class HubException extends RuntimeException {

    HubException(String message) {
        super(message);
    }

    HubException(String message, Throwable cause) {
        super(message, cause);
    }

    private static final String TOKEN_HINT =
            " If the repository is private or gated, set HF_TOKEN or run `huggingface-cli login`.";

    /** The repository does not exist, or this token may not see it ({@code X-Error-Code: RepoNotFound}). */
    public static final class RepoNotFound extends HubException {
        RepoNotFound(String message) {
            super(message);
        }
    }

    /** The branch, tag or commit does not exist in the repository ({@code RevisionNotFound}). */
    public static final class RevisionNotFound extends HubException {
        RevisionNotFound(String message) {
            super(message);
        }
    }

    /** The file does not exist at that revision ({@code EntryNotFound}). */
    public static final class EntryNotFound extends HubException {
        EntryNotFound(String message) {
            super(message);
        }
    }

    /** A gated repository whose conditions this account has not accepted ({@code GatedRepo}, usually 403). */
    public static final class GatedRepo extends HubException {
        GatedRepo(String message) {
            super(message);
        }
    }

    /** 401 with no more specific code: no token, or one the Hub rejects. */
    public static final class Unauthorized extends HubException {
        Unauthorized(String message) {
            super(message);
        }
    }

    /** Offline mode ({@code HF_HUB_OFFLINE=1}) and what was asked for is not in the cache. */
    public static final class NotInCache extends HubException {
        NotInCache(String message) {
            super(message);
        }
    }

    /**
     * The Hub could not be reached, answered 5xx/429 or something unexpected, cut a transfer, or sent a file that
     * failed verification: retrying may help, and an interrupted download resumes where it stopped.
     */
    public static final class Network extends HubException {
        Network(String message) {
            super(message);
        }

        Network(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The exception for an error answer. The {@code X-Error-Code} header wins; otherwise 401 is {@link Unauthorized},
     * 404 is {@code notFound}'s type for that route, 403 without a code is {@link Unauthorized}, the rest
     * {@link Network}.
     */
    static HubException of(int status, String errorCode, String errorMessage, String what, boolean fileRoute) {
        String detail = errorMessage == null || errorMessage.isBlank() ? "" : " (" + errorMessage + ")";
        String code = errorCode == null ? "" : errorCode;
        return switch (code) {
            case "RepoNotFound" -> new RepoNotFound("repository not found: " + what + detail + "." + TOKEN_HINT);
            case "RevisionNotFound" -> new RevisionNotFound("revision not found: " + what + detail);
            case "EntryNotFound" -> new EntryNotFound("file not found: " + what + detail);
            case "GatedRepo" -> new GatedRepo("access to " + what + " is restricted: it is a gated repository" + detail
                    + ". Accept its conditions on the Hub and set HF_TOKEN to a token of that account.");
            default -> switch (status) {
                case 401 -> new Unauthorized("HTTP 401 for " + what + detail + ": not authenticated." + TOKEN_HINT);
                case 403 -> new Unauthorized("HTTP 403 for " + what + detail + ": this token may not read it.");
                case 404 -> fileRoute ? new EntryNotFound("file not found: " + what + detail)
                        : new RepoNotFound("repository not found: " + what + detail + "." + TOKEN_HINT);
                default -> new Network("HTTP " + status + " for " + what + detail);
            };
        };
    }
}
