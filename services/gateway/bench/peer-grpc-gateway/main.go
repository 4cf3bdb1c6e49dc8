// Command grpc-gateway-peer is the reference peer of the gateway bench: grpc-gateway v2 with
// runtime.NewServeMux defaults, transcoding REST to Shine's PaletteService over gRPC.
//
//	grpc-gateway-peer -backend 127.0.0.1:50051 -listen 127.0.0.1:18700
//
// Prints {"listening":"<addr>"} on stdout once the port is bound; exits on SIGTERM or SIGINT.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	palettev1 "shine.local/peer-grpc-gateway/gen/shine/palette/v1"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "host:port to serve REST on (port 0 picks a free one)")
	backend := flag.String("backend", "", "host:port of the PaletteService gRPC backend")
	flag.Parse()
	if *backend == "" {
		log.Fatal("-backend is required")
	}

	// Done on SIGTERM/SIGINT: starts the graceful shutdown below.
	sig, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	// Lifetime of the gateway's gRPC connection, which FromEndpoint closes when it is done; kept
	// apart from sig so that requests still in flight at SIGTERM can reach the backend.
	conn, closeConn := context.WithCancel(context.Background())
	defer closeConn()

	// No options: the defaults are what the peer is measured with.
	mux := runtime.NewServeMux()
	opts := []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	if err := palettev1.RegisterPaletteServiceHandlerFromEndpoint(conn, mux, *backend, opts); err != nil {
		log.Fatalf("register PaletteService: %v", err)
	}

	// Bind before announcing, so a reader of the line can connect at once; with port 0 the line
	// also tells which port was picked.
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	line, _ := json.Marshal(map[string]string{"listening": ln.Addr().String()})
	os.Stdout.Write(append(line, '\n'))

	srv := &http.Server{Handler: mux}
	shutdown := make(chan error, 1)
	go func() {
		<-sig.Done()
		// Stop accepting, let in-flight requests finish (for a few seconds at most).
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		shutdown <- srv.Shutdown(ctx)
	}()
	// Serve returns ErrServerClosed as soon as Shutdown starts; wait for Shutdown itself to end.
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
	if err := <-shutdown; err != nil {
		log.Printf("shutdown: %v", err)
	}
}
