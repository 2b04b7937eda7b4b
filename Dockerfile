# The product's image for the scaled-out topology (docker-compose.yml): one image, and the PARTS
# variable chooses what a container runs (api or workers). It uses an external PostgreSQL
# (DATABASE_URL) and Zeebe (ZEEBE_GRPC_ADDRESS); the embedded ones are for a single PC.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/ui/dist ./ui/dist
COPY --from=build /app/engine/migrations ./engine/migrations
COPY --from=build /app/api/migrations ./api/migrations
COPY --from=build /app/processes ./processes
USER node
EXPOSE 3000
CMD ["node", "dist/platform/src/main.js"]
