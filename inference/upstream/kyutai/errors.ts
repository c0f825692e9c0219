import { EngineError } from "../../errors.js";

export type KyutaiErrorCode =
  /** moshi-server refused the API key (HTTP 401 on the upgrade). */
  | "upstream_unauthorized"
  /** moshi-server cannot be reached, or answered the upgrade with something other than a websocket. */
  | "upstream_unavailable"
  /** Every slot of the server's batch is taken ("no free channels"). */
  | "upstream_busy"
  /** The server stopped answering: no Ready, no progress on the audio, or a flush that never completed. */
  | "upstream_timeout"
  /** The server sent something that is not its protocol. */
  | "upstream_protocol"
  /** The server reported an error, or the connection broke and the stream could not be resumed. */
  | "upstream_error"
  /** The stream was used after it was closed. */
  | "stream_closed";

export class KyutaiUpstreamError extends EngineError {
  declare readonly code: KyutaiErrorCode;
  constructor(code: KyutaiErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
