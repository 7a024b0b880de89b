package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/wundergraph/graphql-go-tools/v2/pkg/ast"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/astparser"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/asttransform"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/engine/datasource/graphql_datasource"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/engine/datasource/introspection_datasource"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/engine/plan"
)

// Subgraph is one service whose GraphQL subgraph the gateway composes.
type Subgraph struct {
	// Name is the service name, as in the supergraph config.
	Name string
	// URL is where the engine posts the subgraph's operations.
	URL string
}

// routerConfig is the part of the router execution config written by
// `wgc router compose` (protobuf JSON) that the engine needs. Reading it
// directly keeps the router's own module, and its dependency tree, out of
// this binary.
type routerConfig struct {
	EngineConfig struct {
		DefaultFlushInterval string                                `json:"defaultFlushInterval"`
		DataSources          []dataSourceConfig                    `json:"datasourceConfigurations"`
		FieldConfigurations  []fieldConfig                         `json:"fieldConfigurations"`
		GraphQLSchema        string                                `json:"graphqlSchema"`
		StringStorage        map[string]string                     `json:"stringStorage"`
		TypeConfigurations   []struct{ TypeName, RenameTo string } `json:"typeConfigurations"`
	} `json:"engineConfig"`
	Subgraphs []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"subgraphs"`
}

type typeFields struct {
	TypeName   string   `json:"typeName"`
	FieldNames []string `json:"fieldNames"`
}

type federationField struct {
	TypeName              string `json:"typeName"`
	FieldName             string `json:"fieldName"`
	SelectionSet          string `json:"selectionSet"`
	DisableEntityResolver bool   `json:"disableEntityResolver"`
}

type dataSourceConfig struct {
	ID            string                           `json:"id"`
	Kind          string                           `json:"kind"`
	RootNodes     []typeFields                     `json:"rootNodes"`
	ChildNodes    []typeFields                     `json:"childNodes"`
	Keys          []federationField                `json:"keys"`
	Provides      []federationField                `json:"provides"`
	Requires      []federationField                `json:"requires"`
	Directives    []struct{ DirectiveName string } `json:"directives"`
	CustomGraphql struct {
		Federation struct {
			Enabled    bool   `json:"enabled"`
			ServiceSdl string `json:"serviceSdl"`
		} `json:"federation"`
		UpstreamSchema struct {
			Key string `json:"key"`
		} `json:"upstreamSchema"`
	} `json:"customGraphql"`
	EntityInterfaces []struct {
		InterfaceTypeName string
		ConcreteTypeNames []string
	} `json:"entityInterfaces"`
	InterfaceObjects []struct {
		InterfaceTypeName string
		ConcreteTypeNames []string
	} `json:"interfaceObjects"`
}

type fieldConfig struct {
	TypeName  string `json:"typeName"`
	FieldName string `json:"fieldName"`
	Arguments []struct {
		Name       string `json:"name"`
		SourceType string `json:"sourceType"`
	} `json:"argumentsConfiguration"`
}

// supergraph is what the planner needs: the composed schema and one data
// source per subgraph, named after its service.
type supergraph struct {
	schema ast.Document
	plan   plan.Configuration
	names  []string
}

// loadSupergraph parses raw, points each subgraph at its URL in subs and
// builds the planner configuration. Every subgraph of the config must be
// in subs, so a service composed but not wired fails at start.
func loadSupergraph(ctx context.Context, raw []byte, list []Subgraph, client *http.Client) (*supergraph, error) {
	var rc routerConfig
	if err := json.Unmarshal(raw, &rc); err != nil {
		return nil, fmt.Errorf("parse supergraph config: %w", err)
	}
	ec := rc.EngineConfig
	schema, report := astparser.ParseGraphqlDocumentString(ec.GraphQLSchema)
	if report.HasErrors() {
		return nil, fmt.Errorf("parse supergraph schema: %w", report)
	}
	if err := asttransform.MergeDefinitionWithBaseSchema(&schema); err != nil {
		return nil, fmt.Errorf("merge base schema: %w", err)
	}
	sg := &supergraph{schema: schema}
	sg.plan.DefaultFlushIntervalMillis, _ = strconv.ParseInt(ec.DefaultFlushInterval, 10, 64)
	for _, f := range ec.FieldConfigurations {
		fc := plan.FieldConfiguration{TypeName: f.TypeName, FieldName: f.FieldName}
		for _, a := range f.Arguments {
			src := plan.FieldArgumentSource
			if a.SourceType == "OBJECT_FIELD" {
				src = plan.ObjectFieldSource
			}
			fc.Arguments = append(fc.Arguments, plan.ArgumentConfiguration{Name: a.Name, SourceType: src})
		}
		sg.plan.Fields = append(sg.plan.Fields, fc)
	}
	for _, t := range ec.TypeConfigurations {
		sg.plan.Types = append(sg.plan.Types, plan.TypeConfiguration{TypeName: t.TypeName, RenameTo: t.RenameTo})
	}
	urls := map[string]string{}
	for _, s := range list {
		urls[s.Name] = s.URL
	}
	names := map[string]string{}
	for _, s := range rc.Subgraphs {
		names[s.ID] = s.Name
	}
	// Subscriptions are not served; the factory still wants a client.
	subs := graphql_datasource.NewGraphQLSubscriptionClient(ctx)
	factory, err := graphql_datasource.NewFactory(ctx, client, subs)
	if err != nil {
		return nil, fmt.Errorf("graphql data source factory: %w", err)
	}
	for _, in := range ec.DataSources {
		name := names[in.ID]
		url, ok := urls[name]
		if !ok {
			return nil, fmt.Errorf("supergraph subgraph %q has no route", name)
		}
		ds, err := dataSource(factory, in, name, url, ec.StringStorage)
		if err != nil {
			return nil, fmt.Errorf("subgraph %s: %w", name, err)
		}
		sg.plan.DataSources = append(sg.plan.DataSources, ds)
		sg.names = append(sg.names, name)
	}
	if err := sg.addIntrospection(); err != nil {
		return nil, err
	}
	return sg, nil
}

// addIntrospection answers __schema, __type and __typename from the
// supergraph itself; whether clients may ask is the edge policy's call.
func (sg *supergraph) addIntrospection() error {
	f, err := introspection_datasource.NewIntrospectionConfigFactory(&sg.schema)
	if err != nil {
		return fmt.Errorf("introspection: %w", err)
	}
	sg.plan.DataSources = append(sg.plan.DataSources, f.BuildDataSourceConfigurations()...)
	sg.plan.Fields = append(sg.plan.Fields, f.BuildFieldConfigurations()...)
	return nil
}

// SubgraphNames lists the subgraphs of a supergraph config, so the
// composition root wires exactly what was composed.
func SubgraphNames(raw []byte) ([]string, error) {
	var rc routerConfig
	if err := json.Unmarshal(raw, &rc); err != nil {
		return nil, fmt.Errorf("parse supergraph config: %w", err)
	}
	out := make([]string, 0, len(rc.Subgraphs))
	for _, s := range rc.Subgraphs {
		out = append(out, s.Name)
	}
	return out, nil
}
