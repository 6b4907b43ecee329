# impcard server image: Node 20 slim, production dependencies only, the compiled server, non-root.
# The steps are the ones test/packaging.test.ts runs on every `npm test` (Docker is not needed for
# it): build, pack, install the tarball with --omit=dev, start `impcard`, GET /healthz.
#
#   docker build -t impcard . && docker run -p 8787:8787 impcard        (sandbox mode)
#   docker compose up                                                   (with Redis, compose.yaml)

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm pack --ignore-scripts --pack-destination /pkg \
 && mv /pkg/impcard-*.tgz /pkg/impcard.tgz

FROM node:20-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8787
WORKDIR /app
COPY --from=build /pkg/impcard.tgz /tmp/impcard.tgz
RUN echo '{"name":"impcard-app","private":true,"type":"module"}' > package.json \
 && npm install --omit=dev --no-audit --no-fund /tmp/impcard.tgz ioredis@6.0.0 \
 && rm /tmp/impcard.tgz \
 && npm cache clean --force
# ioredis: impcard's optional peer, for REDIS_URL (compose.yaml). Root owns the code; the server runs as the image's unprivileged `node` user.
USER node
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node_modules/.bin/impcard"]
