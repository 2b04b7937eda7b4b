/**
 * The one way this product talks to an engine: the official @camunda8/sdk gRPC client, plaintext
 * and without auth for the embedded engine and an in-cluster Zeebe gateway. Other auth settings
 * (CAMUNDA_* variables) are read by the SDK from the environment when set.
 */
import { Camunda8, type Zeebe } from '@camunda8/sdk';

export function createZeebeClient(address: string): Zeebe.ZeebeGrpcClient {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: address,
    CAMUNDA_AUTH_STRATEGY: (process.env.CAMUNDA_AUTH_STRATEGY as 'NONE' | undefined) ?? 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ZEEBE_GRPC_CLIENT_RETRY: false },
  }).getZeebeGrpcApiClient();
}
