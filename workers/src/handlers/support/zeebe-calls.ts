/**
 * The two gateway calls handlers make besides answering their job: starting a process instance
 * and publishing a message. The SDK types variables as its own JSON document type; ours are plain
 * records checked by zod, so the one cast lives here.
 */
import type { Zeebe } from '@camunda8/sdk';

type Variables = Record<string, unknown>;

export async function startProcess(
  zeebe: Zeebe.ZeebeGrpcClient,
  bpmnProcessId: string,
  variables: Variables,
): Promise<{ processInstanceKey: string }> {
  const created = await zeebe.createProcessInstance({
    bpmnProcessId,
    variables: variables as Parameters<
      Zeebe.ZeebeGrpcClient['createProcessInstance']
    >[0]['variables'],
  });
  return { processInstanceKey: created.processInstanceKey };
}

/**
 * Publishes a message. `messageId` makes a repeat harmless: the engine refuses a second message
 * with the same id while the first is buffered (ALREADY_EXISTS), which counts as done here.
 */
export async function publishMessage(
  zeebe: Zeebe.ZeebeGrpcClient,
  message: {
    name: string;
    correlationKey: string;
    messageId?: string;
    timeToLiveMs?: number;
    variables?: Variables;
  },
): Promise<void> {
  try {
    await zeebe.publishMessage({
      name: message.name,
      correlationKey: message.correlationKey,
      ...(message.messageId ? { messageId: message.messageId } : {}),
      timeToLive: message.timeToLiveMs ?? 0,
      variables: (message.variables ?? {}) as Parameters<
        Zeebe.ZeebeGrpcClient['publishMessage']
      >[0]['variables'],
    });
  } catch (error) {
    // gRPC ALREADY_EXISTS (6): this message was published before.
    if ((error as { code?: number }).code !== 6) throw error;
  }
}
