/** Rolling summary of a session's older messages: covers seq 1..`toSeq` (R4.4). */
export interface Summary {
  sessionId: string;
  content: string;
  fromSeq: number;
  toSeq: number;
  tokenCount: number;
  createdAt: Date;
}
