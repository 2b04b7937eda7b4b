/**
 * The Zeebe gateway gRPC service (gateway_protocol.Gateway, from the .proto inside @camunda8/sdk)
 * in front of the embedded engine. One handler per RPC; errors become statuses in one place.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

import {
  type GrpcObject,
  loadPackageDefinition,
  Metadata,
  type sendUnaryData,
  Server,
  type ServerUnaryCall,
  type ServerWritableStream,
  ServerCredentials,
  type ServiceClientConstructor,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

import { StartupError } from '../../../platform/src/errors.js';
import type { Logger } from '../../../platform/src/log/logger.js';
import type { Engine } from '../engine.js';
import { activateJobs } from './activate-jobs.js';
import { broadcastSignal } from './broadcast-signal.js';
import { cancelProcessInstance } from './cancel-process-instance.js';
import { completeJob } from './complete-job.js';
import { createProcessInstance } from './create-process-instance.js';
import { createProcessInstanceWithResult } from './create-process-instance-with-result.js';
import { deployResource } from './deploy-resource.js';
import { maxDocumentBytes } from './documents.js';
import { failJob } from './fail-job.js';
import { JobAvailability } from './job-availability.js';
import { notYetImplemented } from './not-yet-implemented.js';
import { publishMessage } from './publish-message.js';
import { resolveIncident } from './resolve-incident.js';
import { setVariables } from './set-variables.js';
import { streamActivatedJobs } from './stream-activated-jobs.js';
import { throwError } from './throw-error.js';
import { toGrpcStatus } from './to-grpc-status.js';
import { topology } from './topology.js';
import type { UnaryHandler } from './unary.js';
import { updateJobRetries } from './update-job-retries.js';
import { updateJobTimeout } from './update-job-timeout.js';

type Message = Record<string, unknown>;

export const gatewayProtoPath = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@camunda8/sdk/package.json')),
  'dist',
  'proto',
  'zeebe.proto',
);

export interface RunningGateway {
  port: number;
  stop(): Promise<void>;
}

export async function startGrpcGateway(
  engine: Engine,
  options: { host: string; port: number; log: Logger },
): Promise<RunningGateway> {
  const definition = loadSync(gatewayProtoPath, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const protocol = loadPackageDefinition(definition).gateway_protocol as GrpcObject;
  const service = (protocol.Gateway as ServiceClientConstructor).service;
  const availability = new JobAvailability(engine);
  const log = options.log;

  // Room for a 4 MB variables document plus the rest of the message, so that an oversized
  // document gets our INVALID_ARGUMENT with the reason rather than a bare transport error.
  const server = new Server({
    'grpc.max_receive_message_length': maxDocumentBytes * 2 + 1024 * 1024,
  });
  let port = options.port;

  // The engine answers on loopback, where compressing every message only costs CPU: it tells
  // clients it accepts uncompressed messages only, and grpc-js clients (the SDK hard-wires gzip)
  // then stop compressing on that channel after the first answer.
  const identityOnly = new Metadata();
  identityOnly.set('grpc-accept-encoding', 'identity');

  const unary =
    (rpc: string, handler: UnaryHandler) =>
    (call: ServerUnaryCall<Message, Message>, callback: sendUnaryData<Message>) => {
      call.sendMetadata(identityOnly);
      handler(engine, call.request).then(
        (response) => callback(null, response),
        (error: unknown) => callback(toGrpcStatus(error, rpc, log)),
      );
    };
  const streaming =
    (rpc: string, handler: (call: ServerWritableStream<Message, Message>) => Promise<void>) =>
    (call: ServerWritableStream<Message, Message>) => {
      call.sendMetadata(identityOnly);
      handler(call).then(
        () => call.end(),
        (error: unknown) => call.destroy(toGrpcStatus(error, rpc, log) as Error),
      );
    };

  const implementation: UntypedServiceImplementation = {
    Topology: unary('Topology', (e, r) => topology({ host: options.host, port })(e, r)),
    DeployResource: unary('DeployResource', deployResource),
    CreateProcessInstance: unary('CreateProcessInstance', createProcessInstance),
    CreateProcessInstanceWithResult: unary(
      'CreateProcessInstanceWithResult',
      createProcessInstanceWithResult,
    ),
    CancelProcessInstance: unary('CancelProcessInstance', cancelProcessInstance),
    ActivateJobs: streaming('ActivateJobs', (call) => activateJobs(engine, availability, call)),
    StreamActivatedJobs: streaming('StreamActivatedJobs', (call) =>
      streamActivatedJobs(engine, availability, call, (error) =>
        log.error('job stream push failed', { error }),
      ),
    ),
    CompleteJob: unary('CompleteJob', completeJob),
    FailJob: unary('FailJob', failJob),
    UpdateJobRetries: unary('UpdateJobRetries', updateJobRetries),
    UpdateJobTimeout: unary('UpdateJobTimeout', updateJobTimeout),
    SetVariables: unary('SetVariables', setVariables),
    ResolveIncident: unary('ResolveIncident', resolveIncident),
    ThrowError: unary('ThrowError', throwError),
    PublishMessage: unary('PublishMessage', publishMessage),
    BroadcastSignal: unary('BroadcastSignal', broadcastSignal),
  };
  for (const rpc of Object.keys(service)) {
    implementation[rpc] ??= unary(rpc, notYetImplemented(rpc));
  }
  server.addService(service, implementation);

  port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(
      `${options.host}:${options.port}`,
      ServerCredentials.createInsecure(),
      (error, bound) => {
        if (!error) return resolve(bound);
        reject(
          /EADDRINUSE|address already in use/i.test(error.message)
            ? new StartupError(
                `Port ${options.port} for the engine's gRPC gateway is already in use by another program: stop it, or set ZEEBE_GRPC_PORT to a free port.`,
              )
            : new StartupError(
                `The engine's gRPC gateway cannot listen on ${options.host}:${options.port} (${error.message}): set ZEEBE_GRPC_PORT.`,
              ),
        );
      },
    );
  });

  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        availability.close();
        // Parked long polls would hold a graceful shutdown for up to their timeout.
        const force = setTimeout(() => server.forceShutdown(), 1000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
